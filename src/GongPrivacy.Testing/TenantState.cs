using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// What the tenant remembers: accepted erasures (by a hash of the subject, never the subject) with the time they are
    /// carried out, and the day's call count. In memory, or in a state file shared by every fake that names it (processes
    /// and restarts alike): each change is read, made and written under an exclusive lock on the file.
    /// </summary>
    internal sealed class TenantState
    {
        private readonly object _gate = new object();
        private readonly string? _file;
        private Data _memory = new Data();

        public TenantState(string? file)
        {
            _file = file;
        }

        /// <summary>Records an erasure carried out at <paramref name="due"/>; an erasure already recorded keeps its time.</summary>
        public void Erase(string key, DateTimeOffset due) => Update(data =>
        {
            data.Erasures.TryAdd(Hash(key), due);
            return true;
        });

        /// <summary>
        /// Records a second erasure of a subject that came back (its source was cleaned, as Gong asks): carried out at
        /// <paramref name="due"/>, and the subject stays erased.
        /// </summary>
        public void EraseAgain(string key, DateTimeOffset due) => Update(data =>
        {
            data.Erasures[Hash(key)] = due;
            data.Settled.Add(Hash(key));
            return true;
        });

        /// <summary>When an erasure of the subject was carried out, if it was by <paramref name="now"/>, and whether it was a second one that stays; else null.</summary>
        public (DateTimeOffset At, bool Settled)? ErasedAt(string key, DateTimeOffset now) =>
            Update(data => data.Erasures.TryGetValue(Hash(key), out var due) && due <= now ? (due, data.Settled.Contains(Hash(key))) : ((DateTimeOffset, bool)?)null, write: false);

        /// <summary>Counts a call against the day (UTC) of <paramref name="now"/>; false when <paramref name="quota"/> calls were made that day.</summary>
        public bool TryCountCall(DateTimeOffset now, int quota) => Update(data =>
        {
            var day = now.UtcDateTime.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (data.Day != day)
            {
                data.Day = day;
                data.Calls = 0;
            }

            if (data.Calls >= quota)
            {
                return false;
            }

            data.Calls++;
            return true;
        });

        /// <summary>Forgets every erasure and the day's count.</summary>
        public void Reset() => Update(data =>
        {
            data.Erasures.Clear();
            data.Settled.Clear();
            data.Day = null;
            data.Calls = 0;
            return true;
        });

        private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("gong-privacy-sandbox|" + key)));

        private T Update<T>(Func<Data, T> change, bool write = true)
        {
            lock (_gate)
            {
                if (_file == null)
                {
                    return change(_memory);
                }

                using var stream = OpenLocked(_file);
                Data data;
                try
                {
                    data = stream.Length == 0 ? new Data() : JsonSerializer.Deserialize<Data>(stream) ?? new Data();
                }
                catch (JsonException)
                {
                    data = new Data(); // a damaged state is a fresh tenant
                }

                var result = change(data);
                if (write)
                {
                    stream.Position = 0;
                    stream.SetLength(0);
                    JsonSerializer.Serialize(stream, data);
                }

                return result;
            }
        }

        /// <summary>Opens the file alone (created owner-only), waiting while another fake holds it.</summary>
        private static FileStream OpenLocked(string file)
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return new FileStream(file, options);
                }
                catch (IOException) when (attempt < 2000 && File.Exists(file))
                {
                    // Held by another process's fake for the few milliseconds of its change.
                    Thread.Sleep(5);
                }
            }
        }

        private sealed class Data
        {
            public Dictionary<string, DateTimeOffset> Erasures { get; set; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

            public HashSet<string> Settled { get; set; } = new HashSet<string>(StringComparer.Ordinal);

            public string? Day { get; set; }

            public int Calls { get; set; }
        }
    }
}
