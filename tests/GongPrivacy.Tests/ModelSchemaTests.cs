using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The models written by hand stand in for schemas of the same name (nswag.json's excludedTypeNames keeps NSwag from
    /// generating those), so a change to such a schema is invisible to the build and the snapshots. These tests compare
    /// each such schema with its model: a property the spec has and the model lacks, or a type that changed, fails,
    /// naming the schema and the property.
    /// </summary>
    public class ModelSchemaTests
    {
        [Fact]
        public void Hand_written_models_cover_the_schemas_of_the_committed_spec() =>
            AssertCovered(ModelSchemaComparer.Compare(LoadSpec(Path.Combine(BuiltLibrary.RepoRoot(), "openapi", "gong-data-privacy-openapi.yml"))));

        [Fact]
        public void Hand_written_models_cover_the_schemas_of_gongs_published_document()
        {
            // Gong's own document, read from shared/ beside the repo (CI clones the repo with shared/ beside it).
            var path = Path.Combine(BuiltLibrary.RepoRoot(), "..", "shared", "gong-published-data-privacy.yml");
            Assert.True(File.Exists(path), "Gong's Data Privacy document is expected beside the repo: " + path);

            var result = ModelSchemaComparer.Compare(LoadSpec(path));

            Assert.Contains("CallReference", result.Compared);
            Assert.Contains("CustomerEngagement", result.Compared);
            AssertCovered(result);
        }

        [Fact]
        public void The_fixture_matches_the_models_as_they_are()
        {
            var result = ModelSchemaComparer.Compare(LoadSpec(Fixture()));

            Assert.Equal(new[] { "CallReference", "ContextField", "EmailMessage", "ExternalSystem", "ExternalSystemObject" }, result.Compared);
            AssertCovered(result);
        }

        [Fact]
        public void A_property_the_spec_adds_fails_naming_schema_and_property()
        {
            var spec = LoadSpec(Fixture());
            Properties(spec, "CallReference").Add("direction", new YamlMappingNode { { "type", "string" } });

            var problem = Assert.Single(ModelSchemaComparer.Compare(spec).Problems);

            Assert.Equal("CallReference.direction: the spec has this property and the hand-written model GongPrivacy.CallReference does not", problem);
        }

        [Fact]
        public void A_type_the_spec_changes_fails_naming_schema_and_property()
        {
            var spec = LoadSpec(Fixture());
            Properties(spec, "CallReference").Children[new YamlScalarNode("id")] = new YamlMappingNode { { "type", "integer" }, { "format", "int64" } };

            var problem = Assert.Single(ModelSchemaComparer.Compare(spec).Problems);

            Assert.Equal("CallReference.id: the spec says integer (int64), the hand-written model has String", problem);
        }

        [Fact]
        public void A_reference_the_spec_changes_fails_naming_schema_and_property()
        {
            var spec = LoadSpec(Fixture());
            var items = (YamlMappingNode)((YamlMappingNode)Properties(spec, "ExternalSystem").Children[new YamlScalarNode("objects")]).Children[new YamlScalarNode("items")];
            items.Children[new YamlScalarNode("$ref")] = new YamlScalarNode("#/components/schemas/CustomerDataObject");

            var problem = Assert.Single(ModelSchemaComparer.Compare(spec).Problems);

            Assert.Equal("ExternalSystem.objects: the spec says array of CustomerDataObject, the hand-written model has IList<ExternalSystemObject>", problem);
        }

        private static void AssertCovered(ModelSchemaComparer.Result result) =>
            Assert.True(result.Problems.Count == 0, "Hand-written models no longer match the spec:\n" + string.Join("\n", result.Problems));

        private static string Fixture() => Path.Combine(AppContext.BaseDirectory, "Fixtures", "specs", "hand-written-models.yml");

        private static YamlMappingNode LoadSpec(string path)
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(path))
            {
                stream.Load(reader);
            }

            return (YamlMappingNode)stream.Documents[0].RootNode;
        }

        private static YamlMappingNode Properties(YamlMappingNode spec, string schema) =>
            (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)spec["components"])["schemas"])[schema])["properties"];
    }

    /// <summary>Compares the schemas that nswag.json's excludedTypeNames hands to hand-written models with those models.</summary>
    internal static class ModelSchemaComparer
    {
        public sealed record Result(IReadOnlyList<string> Compared, IReadOnlyList<string> Problems);

        public static Result Compare(YamlMappingNode spec)
        {
            var handWritten = ExcludedTypeNames();
            var assembly = typeof(GongDataPrivacyClient).Assembly;
            var compared = new List<string>();
            var problems = new List<string>();
            var schemas = Child(Child(spec, "components"), "schemas") as YamlMappingNode;
            foreach (var entry in schemas?.Children.ToList() ?? new List<KeyValuePair<YamlNode, YamlNode>>())
            {
                var name = ((YamlScalarNode)entry.Key).Value!;
                if (!handWritten.Contains(name) || entry.Value is not YamlMappingNode schema)
                {
                    continue;
                }

                var model = assembly.GetType("GongPrivacy." + name);
                if (model == null)
                {
                    problems.Add($"{name}: nswag.json's excludedTypeNames keeps NSwag from generating it, but the library has no hand-written GongPrivacy.{name}");
                    continue;
                }

                compared.Add(name);
                var members = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(p => (Property: p, Json: p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName))
                    .Where(p => p.Json != null)
                    .ToDictionary(p => p.Json!, p => p.Property, StringComparer.Ordinal);
                foreach (var property in Properties(schema))
                {
                    var propertyName = ((YamlScalarNode)property.Key).Value!;
                    if (!members.TryGetValue(propertyName, out var member))
                    {
                        problems.Add($"{name}.{propertyName}: the spec has this property and the hand-written model {model.FullName} does not");
                        continue;
                    }

                    if (!Fits(property.Value, member.PropertyType))
                    {
                        problems.Add($"{name}.{propertyName}: the spec says {Describe(property.Value)}, the hand-written model has {Describe(member.PropertyType)}");
                    }
                }
            }

            compared.Sort(StringComparer.Ordinal);
            return new Result(compared, problems);
        }

        /// <summary>Whether a value the schema describes reads into the CLR type without loss.</summary>
        private static bool Fits(YamlNode schemaNode, Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (schemaNode is not YamlMappingNode schema)
            {
                return true;
            }

            if (Scalar(schema, "$ref") is { } reference)
            {
                return type.Name == reference.Substring(reference.LastIndexOf('/') + 1);
            }

            var format = Scalar(schema, "format");
            switch (Scalar(schema, "type"))
            {
                case "string":
                    // Open enumerations are kept as text; dates may be read into a date type.
                    return type == typeof(string) || ((format == null || format == "date-time" || format == "date") && (type == typeof(DateTimeOffset) || type == typeof(DateTime)));
                case "integer":
                    return format == "int32" ? type == typeof(int) || type == typeof(long) : type == typeof(long);
                case "number":
                    return type == typeof(double) || type == typeof(decimal) || (format == "float" && type == typeof(float));
                case "boolean":
                    return type == typeof(bool);
                case "array":
                    var element = ElementType(type);
                    return element != null && Fits(Child(schema, "items") ?? new YamlMappingNode(), element);
                case "object" when Child(schema, "properties") == null:
                    // Free-form: Gong sends any JSON value here.
                    return typeof(JToken).IsAssignableFrom(type) || type == typeof(object);
                default:
                    return true;
            }
        }

        private static Type? ElementType(Type type)
        {
            if (type.IsArray)
            {
                return type.GetElementType();
            }

            return type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string) ? type.GetGenericArguments()[0] : null;
        }

        private static string Describe(YamlNode schemaNode)
        {
            if (schemaNode is not YamlMappingNode schema)
            {
                return "anything";
            }

            if (Scalar(schema, "$ref") is { } reference)
            {
                return reference.Substring(reference.LastIndexOf('/') + 1);
            }

            var type = Scalar(schema, "type") ?? "any type";
            return type == "array" ? "array of " + Describe(Child(schema, "items") ?? new YamlMappingNode()) : type + (Scalar(schema, "format") is { } f ? " (" + f + ")" : string.Empty);
        }

        private static string Describe(Type type) =>
            type.IsGenericType ? type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(", ", type.GetGenericArguments().Select(Describe)) + ">" : type.Name;

        /// <summary>A schema's own properties and those of its allOf parts.</summary>
        private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Properties(YamlMappingNode schema)
        {
            var own = (Child(schema, "properties") as YamlMappingNode)?.Children.ToList() ?? new List<KeyValuePair<YamlNode, YamlNode>>();
            var inherited = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().SelectMany(Properties) ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();
            return own.Concat(inherited);
        }

        private static HashSet<string> ExcludedTypeNames()
        {
            var nswag = JObject.Parse(File.ReadAllText(Path.Combine(BuiltLibrary.RepoRoot(), "nswag.json")));
            return new HashSet<string>(nswag["codeGenerators"]!["openApiToCSharpClient"]!["excludedTypeNames"]!.Values<string>().Select(v => v!), StringComparer.Ordinal);
        }

        private static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
    }
}
