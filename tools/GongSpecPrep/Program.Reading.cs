using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GongSpecPrep
{
    /// <summary>
    /// Reading the inputs: the spec (one GONG001 error with its place for malformed YAML), the hand-written sources,
    /// nswag.json's exclusions; and the error every problem is reported as.
    /// </summary>
    internal static partial class Program
    {
        private static YamlStream Load(string specPath)
        {
            var text = File.ReadAllText(specPath, Encoding.UTF8);
            Validate(text);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }

        /// <summary>
        /// Reads the YAML events once, remembering which flow collections are open, so that a failure says what the
        /// parser found and where. YamlDotNet throws a bare <see cref="InvalidOperationException"/> for some malformed
        /// input (an unterminated flow sequence among them), which is what NSwag reports as "Exception during deserialization".
        /// </summary>
        private static void Validate(string text)
        {
            var parser = new Parser(new StringReader(text));
            var open = new Stack<(string What, Mark Start)>();
            Mark last = Mark.Empty;
            try
            {
                while (parser.MoveNext())
                {
                    var current = parser.Current!;
                    last = current.Start;
                    switch (current)
                    {
                        case YamlDotNet.Core.Events.SequenceStart sequence:
                            open.Push((sequence.Style == YamlDotNet.Core.Events.SequenceStyle.Flow ? "flow sequence '['" : "sequence", current.Start));
                            break;
                        case YamlDotNet.Core.Events.MappingStart mapping:
                            open.Push((mapping.Style == YamlDotNet.Core.Events.MappingStyle.Flow ? "flow mapping '{'" : "mapping", current.Start));
                            break;
                        case YamlDotNet.Core.Events.SequenceEnd:
                        case YamlDotNet.Core.Events.MappingEnd:
                            open.TryPop(out _);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is YamlException || e is InvalidOperationException)
            {
                var flow = open.FirstOrDefault(o => o.What.StartsWith("flow", StringComparison.Ordinal));
                var place = e is YamlException y ? y.Start : last;
                var found = e is YamlException ye
                    ? ye.Message + (ye.InnerException != null && ye.InnerException.Message != ye.Message ? " (" + ye.InnerException.Message + ")" : string.Empty)
                    : $"the YAML parser stopped after line {last.Line}, column {last.Column} ({e.Message})";
                if (flow.What != null)
                {
                    var close = flow.What.Contains('[', StringComparison.Ordinal) ? "]" : "}";
                    var detail = e is YamlException ? " (" + found + ")" : $" (the YAML parser found no '{close}' for it)";
                    found = $"the {flow.What} opened at line {flow.Start.Line}, column {flow.Start.Column} is never closed{detail}. Quote the value if the bracket is text (an obfuscated e-mail address, for example)";
                    place = flow.Start;
                }

                throw new SpecError("GONG001", (int)place.Line, (int)place.Column, "the spec is not valid YAML: " + found);
            }
        }

        private static (Dictionary<string, string> Types, Dictionary<string, string> Methods, string Text) ReadHandWritten(string listFile)
        {
            var all = new StringBuilder();
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            var methods = new Dictionary<string, string>(StringComparer.Ordinal);
            // A partial type extends a generated one of the same name: that is the point, not a clash.
            var typePattern = new Regex(@"\b(partial\s+)?(?:class|interface|enum|struct|record)\s+([A-Za-z_]\w*)", RegexOptions.CultureInvariant);
            var methodPattern = new Regex(@"\bTask(?:<[^();]*?>)?\s+([A-Za-z_]\w*Async)\s*\(", RegexOptions.CultureInvariant);
            foreach (var file in File.ReadAllLines(listFile).Where(l => l.Trim().Length > 0))
            {
                var text = File.ReadAllText(file);
                all.Append(Regex.Replace(text, @"//.*$", string.Empty, RegexOptions.Multiline)).Append('\n');
                var shown = Path.GetFileName(file);
                foreach (Match m in typePattern.Matches(text))
                {
                    if (!m.Groups[1].Success)
                    {
                        types.TryAdd(m.Groups[2].Value, shown);
                    }
                }

                foreach (Match m in methodPattern.Matches(text))
                {
                    methods.TryAdd(m.Groups[1].Value, shown);
                }
            }

            return (types, methods, all.ToString());
        }

        private static (HashSet<string> ExcludedTypeNames, HashSet<string> ExcludedOperationIds) ReadNSwagSettings(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var generator = document.RootElement.GetProperty("codeGenerators").GetProperty("openApiToCSharpClient");
            HashSet<string> Names(string property) => generator.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
                ? new HashSet<string>(array.EnumerateArray().Select(e => e.GetString() ?? string.Empty), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            return (Names("excludedTypeNames"), Names("excludedOperationIds"));
        }

        private sealed class SpecError : Exception
        {
            public SpecError(string code, int line, int column, string message)
                : base(message)
            {
                Code = code;
                Line = Math.Max(line, 1);
                Column = Math.Max(column, 1);
            }

            public SpecError(string code, YamlNode node, string message)
                : this(code, (int)node.Start.Line, (int)node.Start.Column, message)
            {
            }

            public string Code { get; }

            public int Line { get; }

            public int Column { get; }
        }
    }
}
