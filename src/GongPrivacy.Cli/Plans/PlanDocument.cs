using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>One row of a plan: what Gong held for it when the plan looked it up, its state and its flags. Subjects masked.</summary>
    internal sealed class PlanRow
    {
        [JsonProperty("line")] public int Line { get; set; }

        [JsonProperty("kind", NullValueHandling = NullValueHandling.Ignore)] public string? Kind { get; set; }

        /// <summary>The subject, masked.</summary>
        [JsonProperty("subject", NullValueHandling = NullValueHandling.Ignore)] public string? Subject { get; set; }

        /// <summary>The subject's keyed hash in the journal (useless without the journal's key).</summary>
        [JsonProperty("key", NullValueHandling = NullValueHandling.Ignore)] public string? Key { get; set; }

        /// <summary>The row's state, by its name in the row vocabulary: planned, held, nothing-held, invalid, duplicate, …</summary>
        [JsonProperty("state")] public string State { get; set; } = "";

        /// <summary>The flags a person approves before the row is erased.</summary>
        [JsonProperty("flags")] public List<string> Flags { get; set; } = new List<string>();

        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)] public string? RequestId { get; set; }

        [JsonProperty("lookedUpAt", NullValueHandling = NullValueHandling.Ignore)] public string? LookedUpAt { get; set; }

        /// <summary>What Gong held, per category.</summary>
        [JsonProperty("counts", NullValueHandling = NullValueHandling.Ignore)] public Dictionary<string, int>? Counts { get; set; }

        /// <summary>The CRM systems that hold the subject.</summary>
        [JsonProperty("systems", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Systems { get; set; }

        /// <summary>A phone row: the matching numbers that are not the subject's, masked.</summary>
        [JsonProperty("otherNumbers", NullValueHandling = NullValueHandling.Ignore)] public List<string>? OtherNumbers { get; set; }

        /// <summary>A phone row: the addresses of the leads and contacts that hold the number, masked.</summary>
        [JsonProperty("addresses", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Addresses { get; set; }

        /// <summary>Why the row is where it is, for a row that is not looked up (invalid, duplicate, an erase begun earlier).</summary>
        [JsonProperty("detail", NullValueHandling = NullValueHandling.Ignore)] public string? Detail { get; set; }
    }

    /// <summary>
    /// A plan: every row of a batch's CSV with what Gong held and its flags, for a person to approve before anything is
    /// erased. It names its journal (by the key's fingerprint) and its CSV (path and hash), carries an id, and a content
    /// hash over everything else that the journal records too: an edited plan, another journal's, or one the journal
    /// does not hold is refused. Subjects are masked.
    /// </summary>
    internal sealed class PlanDocument
    {
        private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });

        [JsonProperty("plan")] public string Id { get; set; } = "";

        [JsonProperty("version")] public int Version { get; set; } = 1;

        [JsonProperty("createdAt")] public string CreatedAt { get; set; } = "";

        /// <summary>The first lookup of the plan: its age is counted from here.</summary>
        [JsonProperty("lookedUpFrom")] public string LookedUpFrom { get; set; } = "";

        [JsonProperty("journal")] public string Journal { get; set; } = "";

        /// <summary>The fingerprint of the journal's key.</summary>
        [JsonProperty("journalKey")] public string JournalKey { get; set; } = "";

        [JsonProperty("csv")] public string Csv { get; set; } = "";

        [JsonProperty("csvHash")] public string CsvHash { get; set; } = "";

        [JsonProperty("host")] public string Host { get; set; } = "";

        /// <summary>Where the plan's lookups went, as scheme, host and port: an erase under the plan must go there too (a sandbox's port changes with each run).</summary>
        [JsonProperty("origin")] public string Origin { get; set; } = "";

        [JsonProperty("sandbox")] public bool Sandbox { get; set; }

        /// <summary>The thresholds of <c>large</c>, by the category's name on the command line.</summary>
        [JsonProperty("reviewAbove")] public Dictionary<string, int> ReviewAbove { get; set; } = new Dictionary<string, int>();

        /// <summary>Rows per state and per flag.</summary>
        [JsonProperty("totals")] public Dictionary<string, int> Totals { get; set; } = new Dictionary<string, int>();

        [JsonProperty("rows")] public List<PlanRow> Rows { get; set; } = new List<PlanRow>();

        /// <summary>SHA-256 of the plan without this field, as <c>sha256:</c> and 64 hex digits.</summary>
        [JsonProperty("hash", NullValueHandling = NullValueHandling.Ignore)] public string? Hash { get; set; }

        /// <summary>When the plan's first lookup was made.</summary>
        [JsonIgnore]
        public DateTimeOffset LookedUp => DateTimeOffset.Parse(LookedUpFrom, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        /// <summary>The plan as a file holds it, its hash computed and set.</summary>
        public string ToJson()
        {
            Hash = null;
            var tree = JObject.FromObject(this, Serializer);
            Hash = HashOf(tree);
            tree["hash"] = Hash;
            return tree.ToString(Formatting.Indented) + "\n";
        }

        /// <summary>Reads a plan file; one error (exit 12) for a file that is not a plan or whose content does not match its hash.</summary>
        public static PlanDocument Read(string path)
        {
            if (Directory.Exists(path))
            {
                throw Refused("The plan " + path + " is a folder: give the plan's JSON file");
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Refused("The plan " + path + " cannot be read (" + (ex is FileNotFoundException || ex is DirectoryNotFoundException ? "it does not exist" : ex is UnauthorizedAccessException ? "permission denied" : ex.GetType().Name) + ")");
            }

            JObject tree;
            PlanDocument? plan;
            try
            {
                using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
                tree = JObject.Load(reader);
                plan = tree.ToObject<PlanDocument>(Serializer);
            }
            catch (JsonException)
            {
                throw Refused("The file " + path + " is not a plan (not the JSON 'gong-privacy batch plan' writes)");
            }

            if (plan == null || plan.Id.Length == 0 || plan.Hash == null || plan.Version != 1)
            {
                throw Refused("The file " + path + " is not a plan of this version (no id, hash or version 1)");
            }

            tree.Remove("hash");
            if (!string.Equals(HashOf(tree), plan.Hash, StringComparison.Ordinal))
            {
                throw Refused("The plan " + path + " was changed after it was written: its content does not match its hash " + plan.Hash + ". Make a new plan (gong-privacy batch plan)");
            }

            return plan;
        }

        /// <summary>A plan that cannot be used: one line, exit 12, nothing sent.</summary>
        public static CliException Refused(string why) => new CliException(ExitCodes.PlanRefused, why.TrimEnd('.') + ". Nothing was sent.");

        private static string HashOf(JObject tree) =>
            "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tree.ToString(Formatting.Indented)))).ToLowerInvariant();
    }
}
