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
    /// Prepares the committed spec for NSwag. Every problem is printed as one MSBuild canonical error,
    /// <c>file(line,col): error GONGnnn: text</c>, so that the build shows it once with its place in the spec.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
        private static readonly string[] ComponentKinds = { "schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks" };

        private static int Main(string[] args)
        {
            var options = ParseArguments(args);
            var spec = options["spec"];
            try
            {
                return Run(options);
            }
            catch (SpecError e)
            {
                Console.Out.WriteLine($"{spec}({e.Line},{e.Column}): error {e.Code}: {e.Message}");
                return 1;
            }
        }

        private static int Run(IReadOnlyDictionary<string, string> options)
        {
            var specPath = options["spec"];
            var nswag = ReadNSwagSettings(options["nswag"]);
            var tags = options.TryGetValue("tags", out var t) ? t.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>();

            // --raw true: only select by tag and prune, as a document of that part alone would be published (CI builds one).
            var raw = options.TryGetValue("raw", out var r) && r == "true";

            var stream = Load(specPath);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new SpecError("GONG001", 1, 1, "the file holds no OpenAPI document (no mapping at its top level)");
            }

            if (Child(root, "openapi") == null && Child(root, "swagger") == null)
            {
                throw new SpecError("GONG001", root, "this is not an OpenAPI document: there is no 'openapi' field at its top level");
            }

            if (Child(root, "paths") is not YamlMappingNode paths)
            {
                throw new SpecError("GONG001", root, "the document has no 'paths' mapping, so there is no operation to generate");
            }

            // 1. Keep the operations whose tags are selected (all of them when no tag is selected), less the excluded ones.
            var specTags = new SortedSet<string>(StringComparer.Ordinal);
            var kept = new List<(string OperationId, string Name, YamlNode Node)>();
            foreach (var pathEntry in paths.Children.ToList())
            {
                if (pathEntry.Value is not YamlMappingNode pathItem)
                {
                    continue;
                }

                foreach (var method in Methods)
                {
                    if (Child(pathItem, method) is not YamlMappingNode operation)
                    {
                        continue;
                    }

                    var operationTags = (Child(operation, "tags") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList() ?? new List<string>();
                    specTags.UnionWith(operationTags);
                    var operationIdNode = Child(operation, "operationId") as YamlScalarNode;
                    var operationId = operationIdNode?.Value ?? string.Empty;
                    var selected = tags.Length == 0 || operationTags.Any(tag => tags.Contains(tag, StringComparer.Ordinal));
                    if (!selected || nswag.ExcludedOperationIds.Contains(operationId))
                    {
                        pathItem.Children.Remove(new YamlScalarNode(method));
                        continue;
                    }

                    var name = OperationNames.OperationName(method, ((YamlScalarNode)pathEntry.Key).Value ?? string.Empty);
                    kept.Add((operationId, name, (YamlNode?)operationIdNode ?? operation));
                    if (!raw)
                    {
                        operation.Children[new YamlScalarNode("operationId")] = new YamlScalarNode(name);
                        KeepSuccessResponses(operation);
                    }
                }

                if (!Methods.Any(m => Child(pathItem, m) != null))
                {
                    paths.Children.Remove(pathEntry.Key);
                }
            }

            if (kept.Count == 0)
            {
                throw new SpecError("GONG003", paths, tags.Length == 0
                    ? "the spec has no operation to generate"
                    : $"no operation carries the tag(s) {string.Join(", ", tags.Select(x => "'" + x + "'"))} selected by GongOperationTags in src/GongPrivacy/NSwag.targets; the spec's tags are: {string.Join(", ", specTags.Select(x => "'" + x + "'"))}");
            }

            // The method names come from the paths, which are the API's contract, not from operationIds, which a
            // document may change freely (the catalog spec and Gong's own name the same operations differently).
            foreach (var same in kept.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                var first = same.First();
                throw new SpecError("GONG002", first.Node, $"the operations {string.Join(", ", same.Select(k => "'" + k.OperationId + "'"))} would all be named {OperationNames.UpperCamel(same.Key)}Async (the name comes from the last segment of the path); add all but one to excludedOperationIds in nswag.json");
            }

            // 2. Keep only the components the kept operations reach, so that 195 schemas do not become 195 classes.
            var handWritten = options.TryGetValue("handwritten", out var listFile)
                ? ReadHandWritten(listFile)
                : (Types: new Dictionary<string, string>(), Methods: new Dictionary<string, string>(), Text: string.Empty);
            PruneComponents(root);

            // 3. Refuse names the hand-written code already uses: the compiler would fail later inside generated code.
            var clashes = new List<(YamlNode Node, string Text)>();
            foreach (var (operationId, name, node) in kept)
            {
                var method = OperationNames.UpperCamel(name) + "Async";
                if (handWritten.Methods.TryGetValue(method, out var file))
                {
                    clashes.Add((node, $"operationId '{operationId}' would generate {method}, which the hand-written {file} already defines; add \"{operationId}\" to excludedOperationIds in nswag.json to leave the operation out"));
                }
            }

            if (Child(Child(root, "components"), "schemas") is YamlMappingNode schemas)
            {
                foreach (var schema in schemas.Children)
                {
                    var name = ((YamlScalarNode)schema.Key).Value ?? string.Empty;
                    var typeName = OperationNames.UpperCamel(name);
                    if (!nswag.ExcludedTypeNames.Contains(typeName) && handWritten.Types.TryGetValue(typeName, out var file))
                    {
                        clashes.Add((schema.Key, $"schema '{name}' would generate the type {typeName}, which the hand-written {file} already defines; add \"{typeName}\" to excludedTypeNames in nswag.json to use the hand-written type in its place"));
                    }
                }
            }

            if (clashes.Count > 0)
            {
                throw new SpecError("GONG002", clashes[0].Node, "a name in the spec clashes with hand-written code: " + string.Join("; ", clashes.Select(c => c.Text)));
            }

            if (!raw)
            {
                OpenEnums(root);
                ArraysNeverNull(root);
            }
            WriteAtomically(options["out"], writer => new YamlStream(stream.Documents[0]).Save(writer, assignAnchors: false));
            if (options.TryGetValue("schemas-out", out var schemasOut))
            {
                // One generated model a line: the library defines GONG_SCHEMA_<name> from it, so that a hand-written partial
                // class is compiled only when the document still has the schema it extends.
                WriteAtomically(schemasOut, writer =>
                {
                    var kept = Child(Child(root, "components"), "schemas") as YamlMappingNode;
                    foreach (var name in (kept?.Children.Keys.OfType<YamlScalarNode>().Select(k => OperationNames.UpperCamel(k.Value ?? string.Empty)) ?? Enumerable.Empty<string>()).OrderBy(n => n, StringComparer.Ordinal))
                    {
                        writer.Write(name + "\n");
                    }
                });
            }

            WriteAtomically(options.TryGetValue("operations-out", out var operationsOut) ? operationsOut : options["out"] + ".operations.txt", writer =>
            {
                // One generated method a line, without "Async": the tests define GONG_OPERATION_<name> from it.
                foreach (var (_, name, _) in kept.OrderBy(k => k.Name, StringComparer.Ordinal))
                {
                    writer.Write(OperationNames.UpperCamel(name) + "\n");
                }
            });
            return 0;
        }

        /// <summary>
        /// Keeps only the 2xx answers of an operation. Every other status becomes <c>GongApiException</c> in one place of the
        /// client, whatever the document says about it; generating a branch per documented error would only add code that
        /// never runs and an exception type per error body.
        /// </summary>
        private static void KeepSuccessResponses(YamlMappingNode operation)
        {
            if (Child(operation, "responses") is not YamlMappingNode responses)
            {
                return;
            }

            foreach (var entry in responses.Children.ToList())
            {
                var status = ((YamlScalarNode)entry.Key).Value ?? string.Empty;
                if (!status.StartsWith('2'))
                {
                    responses.Children.Remove(entry.Key);
                }
            }
        }

        /// <summary>
        /// Gong says it adds values to its enumerations without notice, and its own example (<c>ExternalCallViewing</c>) is
        /// outside its list: every string enumeration of the document is read as text. Its documented values move into the
        /// description, so they still reach the XML documentation.
        /// </summary>
        private static void OpenEnums(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    if (Child(mapping, "enum") is YamlSequenceNode values && SchemaTypes.Is(mapping, "string"))
                    {
                        var listed = string.Join(", ", values.Children.OfType<YamlScalarNode>().Select(v => v.Value));
                        var description = (Child(mapping, "description") as YamlScalarNode)?.Value?.TrimEnd() ?? string.Empty;
                        if (description.Length > 0 && !description.EndsWith('.'))
                        {
                            description += ".";
                        }

                        mapping.Children.Remove(new YamlScalarNode("enum"));
                        mapping.Children[new YamlScalarNode("description")] = new YamlScalarNode((description + " Documented values: " + listed + "; Gong may send others, which are kept as sent.").Trim());
                    }

                    foreach (var child in mapping.Children.Values.ToList())
                    {
                        OpenEnums(child);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        OpenEnums(child);
                    }

                    break;
            }
        }

        /// <summary>
        /// Lists every array property of an object schema in its <c>required</c>, so that NSwag types it as never null and
        /// starts it empty. The client's reader keeps that promise: a missing or <c>null</c> array reads as an empty one.
        /// </summary>
        private static void ArraysNeverNull(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    if (Child(mapping, "properties") is YamlMappingNode properties)
                    {
                        var arrays = properties.Children
                            .Where(p => p.Value is YamlMappingNode schema && SchemaTypes.Is(schema, "array"))
                            .Select(p => ((YamlScalarNode)p.Key).Value ?? string.Empty)
                            .ToList();
                        if (arrays.Count > 0)
                        {
                            if (Child(mapping, "required") is not YamlSequenceNode required)
                            {
                                required = new YamlSequenceNode();
                                mapping.Children[new YamlScalarNode("required")] = required;
                            }

                            foreach (var name in arrays)
                            {
                                SchemaTypes.NeverNullArray((YamlMappingNode)properties.Children[new YamlScalarNode(name)]);
                            }

                            foreach (var name in arrays.Where(n => !required.Children.OfType<YamlScalarNode>().Any(r => r.Value == n)))
                            {
                                required.Add(new YamlScalarNode(name));
                            }
                        }
                    }

                    foreach (var child in mapping.Children.Values.ToList())
                    {
                        ArraysNeverNull(child);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children.ToList())
                    {
                        ArraysNeverNull(child);
                    }

                    break;
            }
        }

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

        private static void PruneComponents(YamlMappingNode root)
        {
            if (Child(root, "components") is not YamlMappingNode components)
            {
                return;
            }

            var reached = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<YamlNode>();
            foreach (var entry in root.Children.Where(e => ((YamlScalarNode)e.Key).Value != "components"))
            {
                queue.Enqueue(entry.Value);
            }

            if (Child(components, "securitySchemes") is YamlNode securitySchemes)
            {
                queue.Enqueue(securitySchemes);
            }

            while (queue.Count > 0)
            {
                foreach (var reference in References(queue.Dequeue()))
                {
                    if (!reached.Add(reference))
                    {
                        continue;
                    }

                    var parts = reference.Substring("#/components/".Length).Split('/');
                    if (parts.Length == 2 && Child(Child(components, parts[0]), Unescape(parts[1])) is YamlNode target)
                    {
                        queue.Enqueue(target);
                    }
                }
            }

            foreach (var kind in ComponentKinds)
            {
                if (Child(components, kind) is not YamlMappingNode map)
                {
                    continue;
                }

                foreach (var entry in map.Children.ToList())
                {
                    var name = ((YamlScalarNode)entry.Key).Value ?? string.Empty;
                    if (!reached.Contains("#/components/" + kind + "/" + Escape(name)))
                    {
                        map.Children.Remove(entry.Key);
                    }
                }
            }
        }

        /// <summary>Every <c>#/components/…</c> reference in a node: <c>$ref</c> values and discriminator mappings alike.</summary>
        private static IEnumerable<string> References(YamlNode node)
        {
            switch (node)
            {
                case YamlScalarNode scalar when scalar.Value != null && scalar.Value.StartsWith("#/components/", StringComparison.Ordinal):
                    yield return scalar.Value;
                    break;
                case YamlMappingNode mapping:
                    foreach (var child in mapping.Children.SelectMany(e => References(e.Value)))
                    {
                        yield return child;
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children.SelectMany(References))
                    {
                        yield return child;
                    }

                    break;
            }
        }

        private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        private static string Unescape(string name) => name.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

        private static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

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

        private static void WriteAtomically(string path, Action<TextWriter> write)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + "." + Environment.ProcessId + ".tmp";
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                write(writer);
            }

            File.Move(temp, path, overwrite: true);
        }

        private static Dictionary<string, string> ParseArguments(string[] args)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (i + 1 < args.Length)
                {
                    options[args[i].TrimStart('-')] = args[++i];
                }
            }

            foreach (var required in new[] { "spec", "nswag", "out" })
            {
                if (!options.ContainsKey(required))
                {
                    Console.Error.WriteLine("GongSpecPrep: missing --" + required);
                    Environment.Exit(2);
                }
            }

            return options;
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
