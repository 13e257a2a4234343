using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// A report opened as its reader opens it: in headless Chromium (Debian's, through Playwright: nothing is
    /// downloaded), checked with axe-core, printed to PDF on A4 and Letter and read back with poppler's pdftotext.
    /// </summary>
    internal sealed class ReportBrowser : IAsyncDisposable
    {
        /// <summary>
        /// Chromium on a closed network and as root: no sandbox (root has none), no GPU, and nothing that calls home
        /// (Playwright gives every launch a fresh, temporary --user-data-dir of its own).
        /// </summary>
        private static readonly string[] Flags = { "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync" };

        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private ReportBrowser(IPlaywright playwright, IBrowser browser)
        {
            _playwright = playwright;
            _browser = browser;
        }

        public static async Task<ReportBrowser> StartAsync()
        {
            var playwright = await Playwright.CreateAsync();
            try
            {
                var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = BrowserFactAttribute.Chromium, Headless = true, ChromiumSandbox = false, Args = Flags, Timeout = 60_000 });
                return new ReportBrowser(playwright, browser);
            }
            catch
            {
                playwright.Dispose();
                throw;
            }
        }

        /// <summary>Opens a page file, runs axe-core on it, prints it on A4 and Letter and takes a full-page screenshot, all into <paramref name="folder"/>.</summary>
        public async Task<RenderedReport> RenderAsync(string file, string folder, string name)
        {
            Directory.CreateDirectory(folder);
            var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
            try
            {
                await page.GotoAsync(new Uri(file).AbsoluteUri);
                var axe = await page.RunAxe();
                var screenshot = Path.Combine(folder, name + ".png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
                var pdfs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var format in new[] { "A4", "Letter" })
                {
                    var pdf = Path.Combine(folder, name + "-" + format + ".pdf");
                    await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = format, PrintBackground = true });
                    pdfs[format] = pdf;
                }

                var times = await page.Locator("time").CountAsync();
                return new RenderedReport(axe, screenshot, pdfs, times);
            }
            finally
            {
                await page.CloseAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }

        /// <summary>A PDF's number of pages (pdfinfo).</summary>
        public static int Pages(string pdf)
        {
            var line = Run("pdfinfo", pdf).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
            return int.Parse(line.Substring("Pages:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>A PDF's text (pdftotext), all pages or one.</summary>
        public static string Text(string pdf, int? page = null) =>
            page == null ? Run("pdftotext", pdf, "-") : Run("pdftotext", "-f", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf, "-");

        /// <summary>A PDF's text in the order it was written (pdftotext -raw): a table cell's lines stay together, whatever the columns' widths.</summary>
        public static string RawText(string pdf) => Run("pdftotext", "-raw", pdf, "-");

        /// <summary>The pages (1-based) whose text holds <paramref name="text"/>.</summary>
        public static List<int> PagesWith(string pdf, string text) =>
            Enumerable.Range(1, Pages(pdf)).Where(p => Text(pdf, p).Contains(text, StringComparison.Ordinal)).ToList();

        /// <summary>The violations axe-core calls serious or critical, one line each.</summary>
        public static List<string> Serious(AxeResult result) =>
            result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Impact + " " + v.Id + ": " + v.Help + " (" + v.Nodes.Length + " nodes)").ToList();

        /// <summary>The repository's artifacts/ folder (git-ignored), where the screenshots and PDFs go.</summary>
        public static string Artifacts(string name)
        {
            return Path.Combine(RepoFolder.Root(), "artifacts", name);
        }

        private static string Run(string program, params string[] args)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                throw new TimeoutException(program + " did not finish in 60 s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(program + " failed (" + process.ExitCode + "): " + error.Result);
            }

            return output.Result;
        }
    }

    /// <summary>What the browser made of a report: axe-core's result, the screenshot, the PDFs by paper size, and how many &lt;time&gt; elements the page has.</summary>
    internal sealed record RenderedReport(AxeResult Axe, string Screenshot, IReadOnlyDictionary<string, string> Pdfs, int Times);
}
