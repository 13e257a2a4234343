using System.Linq;
using YamlDotNet.RepresentationModel;

namespace GongSpecPrep
{
    /// <summary>
    /// A schema's <c>type</c> as OpenAPI 3.0 writes it (<c>type: string</c>, with <c>nullable: true</c> beside it) and as
    /// 3.1 does (<c>type: [string, 'null']</c>): the steps that look at a schema's type read both.
    /// </summary>
    internal static class SchemaTypes
    {
        /// <summary>Whether the schema's type is <paramref name="type"/>, alone or with <c>'null'</c> (3.1).</summary>
        internal static bool Is(YamlMappingNode schema, string type) =>
            schema.Children.TryGetValue(new YamlScalarNode("type"), out var node) && node switch
            {
                YamlScalarNode scalar => scalar.Value == type,
                YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Any(t => t.Value == type)
                                         && list.Children.OfType<YamlScalarNode>().All(t => t.Value == type || t.Value == "null"),
                _ => false,
            };

        /// <summary>
        /// An array the client promises is never null: a 3.1 <c>type: [array, 'null']</c> becomes <c>type: array</c> (the
        /// reader turns a null into an empty array), as a 3.0 <c>nullable: true</c> beside it is dropped.
        /// </summary>
        internal static void NeverNullArray(YamlMappingNode schema)
        {
            if (Is(schema, "array"))
            {
                schema.Children[new YamlScalarNode("type")] = new YamlScalarNode("array");
                schema.Children.Remove(new YamlScalarNode("nullable"));
            }
        }
    }
}
