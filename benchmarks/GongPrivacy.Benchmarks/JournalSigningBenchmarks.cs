using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Benchmarks
{
    /// <summary>
    /// What the journal's signatures cost: one entry forced to disk (the baseline, what every entry already costs), one
    /// entry and the run-end digest (ECDSA P-256 signature, its line forced to disk), and 1,000 entries written at once
    /// with the periodic digest they bring. The check of a 10,000-row day (an erase batch and its verify run) with the
    /// public key alone, and the passphrase's key derivation, for scale. The setup prints the day's journal and digest sizes.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn]
    public class JournalSigningBenchmarks
    {
        private string _folder = null!;
        private AuditJournal _journal = null!;
        private List<JournalEntry> _thousand = null!;
        private string _day = null!;
        private System.Security.Cryptography.ECDsa _public = null!;

        [GlobalSetup]
        public void Setup()
        {
            _folder = Path.Combine(Path.GetTempPath(), "gong-privacy-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
            _journal = AuditJournal.Open(Path.Combine(_folder, "bench.jsonl"), _ => null);
            _thousand = Enumerable.Range(0, 1000).Select(_ => Entry()).ToList();

            // A day at Gong's quota: 10,000 rows erased in one run, then looked up again in a second.
            _day = Path.Combine(_folder, "day.jsonl");
            var entries = EvidenceReportBenchmarks.Journal(10_000, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)).Skip(1).ToList();
            using (var day = AuditJournal.Open(_day, _ => null))
            {
                var erase = entries.Where(e => e.Action != "verify").ToList();
                foreach (var chunk in erase.Chunk(50))
                {
                    day.AppendAll(chunk);
                }

                day.Sign("run-end", "a1b2c3d4");
                foreach (var chunk in entries.Except(erase).Chunk(50))
                {
                    day.AppendAll(chunk);
                }

                day.Sign("run-end", "e5f6a7b8");
            }

            var digests = File.ReadAllLines(JournalDigests.PathOf(_day));
            Console.WriteLine($"// a 10,000-row day: {new FileInfo(_day).Length:N0} bytes of journal ({File.ReadAllLines(_day).Length:N0} entries), {new FileInfo(JournalDigests.PathOf(_day)).Length:N0} bytes of digests ({digests.Length} digests, {digests.Average(d => d.Length + 1):N0} bytes each)");
            var keys = JournalFile.Read(_day, _ => null, JournalReader.KeyHolder);
            _public = System.Security.Cryptography.ECDsa.Create();
            _public.ImportSubjectPublicKeyInfo(keys.Keys!.Signer!.ExportSubjectPublicKeyInfo(), out _);
            keys.Keys.Dispose();
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _journal.Dispose();
            _public.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        /// <summary>One entry, forced to disk: what every entry costs, signed or not.</summary>
        [Benchmark(Baseline = true)]
        public void OneEntry() => _journal.Append(Entry());

        /// <summary>A run's end: its last entry and the digest that signs the run, forced to disk.</summary>
        [Benchmark]
        public string OneEntryAndRunEndDigest()
        {
            _journal.Append(Entry());
            return _journal.Sign("run-end", "bench");
        }

        /// <summary>1,000 entries in one write, with the periodic digest they bring.</summary>
        [Benchmark]
        public void ThousandEntriesAndTheirDigest() => _journal.AppendAll(_thousand);

        /// <summary>An auditor's check of the 10,000-row day with the public key alone.</summary>
        [Benchmark]
        public long CheckADayWithThePublicKey() => JournalFile.Read(_day, _ => null, JournalReader.Auditor, _public, "bench").Integrity.CoveredTo;

        /// <summary>A passphrase's keys: PBKDF2-HMAC-SHA256 at 600,000 iterations, then HKDF.</summary>
        [Benchmark]
        public string DerivePassphraseKeys()
        {
            using var keys = JournalKeys.FromPassphrase("correct horse battery staple", new JournalKdf(JournalKeys.Kdf, JournalKeys.KdfIterations, "AAAAAAAAAAAAAAAAAAAAAA=="));
            return keys.PseudonymId;
        }

        private static JournalEntry Entry() => new JournalEntry
        {
            Timestamp = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
            Event = JournalEvent.End,
            State = RowState.Accepted,
            Run = "a1b2c3d4",
            Action = "erase",
            Line = 2,
            Kind = "email",
            Subject = "s***@b***.example",
            Key = "0123456789abcdef0123456789abcdef",
            RequestId = "sbx000001",
        };
    }
}
