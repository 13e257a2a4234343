using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The real tool as a child process, with stdout and stderr kept apart.</summary>
    internal sealed class ToolProcess
    {
        private readonly StringBuilder _stdout = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();

        private ToolProcess(Process process)
        {
            Process = process;
        }

        public Process Process { get; }

        /// <summary>Whether <c>env --default-signal</c> (GNU coreutils 8.31 and later) is here; env execs the tool, so the pid is the tool's.</summary>
        private static readonly Lazy<bool> ResetsSignals = new Lazy<bool>(() =>
        {
            if (OperatingSystem.IsWindows())
            {
                return false;
            }

            try
            {
                using var probe = Process.Start(new ProcessStartInfo("env") { ArgumentList = { "--default-signal=INT,TERM", "true" }, UseShellExecute = false, RedirectStandardError = true });
                probe!.WaitForExit();
                return probe.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        });

        public string Stdout
        {
            get
            {
                lock (_stdout)
                {
                    return _stdout.ToString();
                }
            }
        }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        /// <summary>Starts the tool in a folder with exactly the given Gong variables (none inherited).</summary>
        public static ToolProcess Start(string folder, IReadOnlyDictionary<string, string> variables, params string[] args)
        {
            // A test run started in the background by a non-interactive shell ignores SIGINT, and a child inherits that (the
            // tool, like any Unix program, keeps an inherited "ignore"). env resets it so the signal tests mean something.
            var start = new ProcessStartInfo(ResetsSignals.Value ? "env" : "dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (ResetsSignals.Value)
            {
                start.ArgumentList.Add("--default-signal=INT,TERM");
                start.ArgumentList.Add("dotnet");
            }

            start.ArgumentList.Add(Tool());
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in new[] { "GONG_ACCESS_KEY", "GONG_ACCESS_KEY_SECRET", "GONG_BEARER_TOKEN", "GONG_BASE_URL", "GONG_PRIVACY_JOURNAL_KEY" })
            {
                start.Environment.Remove(name);
            }

            start.Environment["GONG_SANDBOX_STATE"] = Path.Combine(folder, "sandbox-state.json");
            foreach (var pair in variables)
            {
                start.Environment[pair.Key] = pair.Value;
            }

            var process = new Process { StartInfo = start };
            var tool = new ToolProcess(process);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (tool._stdout)
                    {
                        tool._stdout.AppendLine(e.Data);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (tool._stderr)
                    {
                        tool._stderr.AppendLine(e.Data);
                    }
                }
            };
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return tool;
        }

        /// <summary>Waits for the exit (and the end of both streams) and returns the exit code.</summary>
        public async Task<int> ExitAsync(TimeSpan timeout)
        {
            try
            {
                await Process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException("gong-privacy did not exit within " + timeout + "; stderr so far: " + Stderr);
            }

            Process.WaitForExit();
            return Process.ExitCode;
        }

        /// <summary>Sends a POSIX signal (SIGINT 2, SIGTERM 15) to the tool.</summary>
        public void Signal(int signal)
        {
            if (Kill(Process.Id, signal) != 0)
            {
                throw new InvalidOperationException("kill(" + Process.Id + ", " + signal + ") failed: errno " + Marshal.GetLastPInvokeError());
            }
        }

        /// <summary>The built tool: gong-privacy.dll beside the tests (a project reference copies it with its runtimeconfig).</summary>
        private static string Tool()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "gong-privacy.dll");
            Assert.True(File.Exists(path) && File.Exists(Path.Combine(AppContext.BaseDirectory, "gong-privacy.runtimeconfig.json")), "the tool is not built beside the tests: " + path);
            return path;
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
