using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace GongSpecPrep
{
    /// <summary>Pruning: only the components the kept operations reach stay in the document.</summary>
    internal static partial class Program
    {
        private static readonly string[] ComponentKinds = { "schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks" };

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
    }
}
