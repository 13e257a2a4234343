using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace GongSpecPrep
{
    /// <summary>
    /// Prepares the committed spec for NSwag. Every problem is printed as one MSBuild canonical error,
    /// <c>file(line,col): error GONGnnn: text</c>, so that the build shows it once with its place in the spec.
    /// </summary>
    internal static partial class Program
    {
        private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

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

        private static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

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
    }
}
