using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// A token store in one JSON file, shared safely by several processes on one machine: the file is readable by its
    /// owner only (mode 0600 on Unix, on .NET 8 and later), every write replaces it atomically (a temporary file renamed
    /// over it), and the compare-and-swap and the refresh each run under an OS lock file beside it
    /// (<c>&lt;path&gt;.write.lock</c> and <c>&lt;path&gt;.refresh.lock</c>).
    /// </summary>
    public sealed class GongFileTokenStore : IGongTokenStore
    {
        private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(10);
        private readonly string _path;

        /// <summary>Creates the store on <paramref name="path"/>; the file is created on the first write.</summary>
        /// <param name="path">The token file.</param>
        /// <param name="lockTimeout">How long to wait for another process's lock before giving up; default 60 seconds.</param>
        public GongFileTokenStore(string path, TimeSpan? lockTimeout = null)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The token file path is missing.", nameof(path));
            }

            _path = Path.GetFullPath(path);
            LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60);
        }

        /// <summary>The token file.</summary>
        public string FilePath => _path;

        /// <summary>How long to wait for another process's lock.</summary>
        public TimeSpan LockTimeout { get; }

        /// <inheritdoc />
        public ValueTask<GongOAuthTokens?> ReadAsync(CancellationToken cancellationToken) => new ValueTask<GongOAuthTokens?>(Read());

        /// <inheritdoc />
        public async ValueTask<bool> TryReplaceAsync(string? expectedRefreshToken, GongOAuthTokens tokens, CancellationToken cancellationToken)
        {
            if (tokens == null)
            {
                throw new ArgumentNullException(nameof(tokens));
            }

            using (await AcquireAsync(_path + ".write.lock", cancellationToken).ConfigureAwait(false))
            {
                var current = Read();
                if (!string.Equals(current?.RefreshToken, expectedRefreshToken, StringComparison.Ordinal))
                {
                    return false;
                }

                Write(tokens);
                return true;
            }
        }

        /// <inheritdoc />
        public async ValueTask<IDisposable> LockAsync(CancellationToken cancellationToken) =>
            await AcquireAsync(_path + ".refresh.lock", cancellationToken).ConfigureAwait(false);

        /// <summary>Names the file, never a token.</summary>
        /// <returns>The store's description.</returns>
        public override string ToString() => "GongFileTokenStore(" + _path + ")";

        private GongOAuthTokens? Read()
        {
            string text;
            try
            {
                text = File.ReadAllText(_path, Encoding.UTF8);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }

            JObject json;
            try
            {
                json = JObject.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException("The token file " + _path + " is not the JSON this store writes (" + ex.GetType().Name + ").");
            }

            var access = (string?)json["access_token"];
            var refresh = (string?)json["refresh_token"];
            if (string.IsNullOrWhiteSpace(access) || string.IsNullOrWhiteSpace(refresh))
            {
                throw new InvalidDataException("The token file " + _path + " has no access_token or refresh_token.");
            }

            var expiresAt = DateTimeOffset.Parse((string?)json["expires_at"] ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var issued = (string?)json["issued_at"];
            return new GongOAuthTokens(access!, refresh!, expiresAt, (string?)json["api_base_url_for_customer"], (string?)json["scope"],
                issued == null ? (DateTimeOffset?)null : DateTimeOffset.Parse(issued, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }

        private void Write(GongOAuthTokens tokens)
        {
            var json = new JObject
            {
                ["access_token"] = tokens.AccessToken,
                ["refresh_token"] = tokens.RefreshToken,
                ["expires_at"] = tokens.ExpiresAt.ToString("o", CultureInfo.InvariantCulture),
                ["issued_at"] = tokens.IssuedAt?.ToString("o", CultureInfo.InvariantCulture),
                ["api_base_url_for_customer"] = tokens.ApiBaseUrlForCustomer,
                ["scope"] = tokens.Scope,
            };
            var bytes = new UTF8Encoding(false).GetBytes(json.ToString(Formatting.Indented));
            var directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temp = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (var stream = OpenOwnerOnly(temp))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

#if NET
                File.Move(temp, _path, overwrite: true);
#else
                if (File.Exists(_path))
                {
                    File.Replace(temp, _path, null);
                }
                else
                {
                    File.Move(temp, _path);
                }
#endif
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        private static FileStream OpenOwnerOnly(string path)
        {
#if NET
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(path, options);
#else
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
#endif
        }

        private async Task<IDisposable> AcquireAsync(string lockPath, CancellationToken cancellationToken)
        {
            // The folder is created as the first write would create it: a missing folder is not "another process holds the lock".
            var directory = Path.GetDirectoryName(lockPath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var started = DateTime.UtcNow;
            while (true)
            {
                try
                {
                    return OpenOwnerOnlyLock(lockPath);
                }
                catch (IOException) when (DateTime.UtcNow - started < LockTimeout)
                {
                    // Another process (or another flow of this one) holds the lock.
                    await Task.Delay(LockPoll, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new TimeoutException("The token store's lock " + lockPath + " was held for more than " + LockTimeout + ".", ex);
                }
            }
        }

        private static FileStream OpenOwnerOnlyLock(string path)
        {
#if NET
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(path, options);
#else
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
#endif
        }
    }
}
