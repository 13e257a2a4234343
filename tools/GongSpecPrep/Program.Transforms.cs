using System.Linq;
using YamlDotNet.RepresentationModel;

namespace GongSpecPrep
{
    /// <summary>
    /// The rewrites the generated client relies on: success answers only, open enumerations, arrays never null.
    /// </summary>
    internal static partial class Program
    {
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
    }
}
