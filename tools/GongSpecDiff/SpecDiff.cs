using System;
using System.Collections.Generic;
using System.Linq;

namespace GongSpecDiff
{
    /// <summary>
    /// The changes between two versions of the Data Privacy part, each classed for this client's users: compatible (their
    /// code builds and runs as before) or breaking (a method, parameter, model or field they may use is gone or changed,
    /// or a method's signature changes, which the pack's API gate also refuses). Before 1.0 a breaking change moves the
    /// minor version and anything else the patch; from 1.0 on, the major and the minor.
    /// </summary>
    internal static class SpecDiff
    {
        /// <summary>One line of the changelog.</summary>
        internal sealed record Change(bool Breaking, string Text);

        public static List<Change> Compare(DataPrivacyPart old, DataPrivacyPart @new)
        {
            var changes = new List<Change>();
            foreach (var (key, operation) in @new.Operations.Where(o => !old.Operations.ContainsKey(o.Key)))
            {
                changes.Add(new Change(false, $"operation added: `{key}`, `{Signature(operation)}`"));
            }

            foreach (var (key, operation) in old.Operations.Where(o => !@new.Operations.ContainsKey(o.Key)))
            {
                changes.Add(new Change(true, $"operation removed: `{key}`, `{operation.Method}` is gone"));
            }

            foreach (var (key, before) in old.Operations.Where(o => @new.Operations.ContainsKey(o.Key)))
            {
                var after = @new.Operations[key];
                changes.AddRange(Parameters(key + "` (`" + after.Method + "`)", before, after));
                if (!before.Answers.SequenceEqual(after.Answers))
                {
                    changes.Add(new Change(true, $"answer changed: `{key}` (`{after.Method}`) returns `{string.Join(", ", after.Answers)}`, was `{string.Join(", ", before.Answers)}`"));
                }
            }

            foreach (var (name, model) in @new.Models.Where(m => !old.Models.ContainsKey(m.Key)))
            {
                changes.Add(new Change(false, $"model added: `{name}`" + (model.Fields.Count > 0 ? " (" + string.Join(", ", model.Fields.Keys.Where(f => !f.Contains('.'))) + ")" : string.Empty)));
            }

            foreach (var name in old.Models.Keys.Where(m => !@new.Models.ContainsKey(m)))
            {
                changes.Add(new Change(true, $"model removed: `{name}`"));
            }

            foreach (var (name, before) in old.Models.Where(m => @new.Models.ContainsKey(m.Key)))
            {
                var after = @new.Models[name];
                if (before.Type != after.Type)
                {
                    changes.Add(new Change(true, $"model changed: `{name}` is `{after.Type}`, was `{before.Type}`"));
                }

                changes.AddRange(Values(name, before.Values, after.Values));
                foreach (var (field, type) in after.Fields.Where(f => !before.Fields.ContainsKey(f.Key)))
                {
                    changes.Add(new Change(false, $"field added: `{name}.{field}` ({type.Type})"));
                }

                foreach (var field in before.Fields.Keys.Where(f => !after.Fields.ContainsKey(f)))
                {
                    changes.Add(new Change(true, $"field removed: `{name}.{field}`"));
                }

                foreach (var (field, was) in before.Fields.Where(f => after.Fields.ContainsKey(f.Key)))
                {
                    var now = after.Fields[field];
                    if (was.Type != now.Type)
                    {
                        changes.Add(new Change(true, $"field changed: `{name}.{field}` is `{now.Type}`, was `{was.Type}`"));
                    }

                    if (was.Nullable != now.Nullable)
                    {
                        changes.Add(new Change(false, $"field changed: `{name}.{field}` " + (now.Nullable ? "may now be null (" + (now.Type.StartsWith("array", StringComparison.Ordinal) ? "the client reads it as an empty array" : "the client reads it as absent") + ")" : "is no longer null")));
                    }

                    changes.AddRange(Values(name + "." + field, was.Values, now.Values));
                }
            }

            return changes.OrderBy(c => c.Breaking ? 0 : 1).ThenBy(c => c.Text, StringComparer.Ordinal).ToList();
        }

        /// <summary>The bump the changes call for from <paramref name="version"/>: none, patch, minor or major, and the next version.</summary>
        public static (string Bump, string? Next, string Why) Bump(IReadOnlyCollection<Change> changes, Version? version)
        {
            var preRelease = version == null || version.Major == 0;
            if (changes.Count == 0)
            {
                return ("none", null, "no change to the Data Privacy part");
            }

            var breaking = changes.Any(c => c.Breaking);
            var bump = breaking ? (preRelease ? "minor" : "major") : (preRelease ? "patch" : "minor");
            var why = breaking ? "a breaking change" : "compatible changes only";
            why += preRelease ? ", before 1.0" : string.Empty;
            string? next = version == null ? null : bump switch
            {
                "major" => $"{version.Major + 1}.0.0",
                "minor" => $"{version.Major}.{version.Minor + 1}.0",
                _ => $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0) + 1}",
            };
            return (bump, next, why);
        }

        /// <summary>The Markdown a reviewer pastes into the pull request and CHANGELOG.md.</summary>
        public static IEnumerable<string> Markdown(string oldName, string newName, IReadOnlyCollection<Change> changes, Version? version)
        {
            yield return $"Gong's document, Data Privacy part: `{oldName}` → `{newName}`";
            yield return string.Empty;
            if (changes.Count == 0)
            {
                yield return "- no change to the Data Privacy part";
            }

            foreach (var change in changes)
            {
                yield return $"- {(change.Breaking ? "**breaking**" : "compatible")}: {change.Text}";
            }

            yield return string.Empty;
            var (bump, next, why) = Bump(changes, version);
            yield return $"Version bump: {bump}" + (next == null ? string.Empty : $" ({version} → {next})") + $": {why}.";
        }

        private static string Signature(DataPrivacyPart.Operation operation) =>
            operation.Method + "(" + string.Join(", ", operation.Parameters.Select(p => p.Name + (p.Required ? string.Empty : "?"))) + ")";

        private static IEnumerable<Change> Parameters(string where, DataPrivacyPart.Operation before, DataPrivacyPart.Operation after)
        {
            var added = after.Parameters.Where(p => !before.Parameters.Any(q => q.Name == p.Name && q.In == p.In)).ToList();
            var removed = before.Parameters.Where(p => !after.Parameters.Any(q => q.Name == p.Name && q.In == p.In)).ToList();
            if (added.Count == 1 && removed.Count == 1 && added[0].In == removed[0].In)
            {
                yield return new Change(true, $"parameter renamed: `{where}: {removed[0].In} `{removed[0].Name}` is now `{added[0].Name}` (the request sends `{added[0].Name}`, the method's parameter is renamed)");
                yield break;
            }

            foreach (var parameter in added)
            {
                yield return new Change(true, $"parameter added: `{where}: {(parameter.Required ? "required" : "optional")} {parameter.In} `{parameter.Name}` ({parameter.Type}): the method's signature changes");
            }

            foreach (var parameter in removed)
            {
                yield return new Change(true, $"parameter removed: `{where}: {parameter.In} `{parameter.Name}`");
            }

            foreach (var was in before.Parameters)
            {
                var now = after.Parameters.FirstOrDefault(p => p.Name == was.Name && p.In == was.In);
                if (now != null && now.Type != was.Type)
                {
                    yield return new Change(true, $"parameter changed: `{where}: `{was.Name}` is `{now.Type}`, was `{was.Type}`");
                }

                if (now != null && now.Required != was.Required)
                {
                    yield return new Change(now.Required, $"parameter changed: `{where}: `{was.Name}` is now {(now.Required ? "required" : "optional")}");
                }
            }
        }

        private static IEnumerable<Change> Values(string where, IReadOnlyList<string> before, IReadOnlyList<string> after)
        {
            foreach (var value in after.Except(before))
            {
                yield return new Change(false, $"enumeration value added: `{where}`: `{value}` (enumerations are open: read as text)");
            }

            foreach (var value in before.Except(after))
            {
                yield return new Change(true, $"enumeration value removed: `{where}`: `{value}` (code that compares with it no longer matches)");
            }
        }
    }
}
