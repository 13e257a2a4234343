using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Xunit;

namespace GongPrivacy.Tests
{
    public class PackageShapeTests
    {
        private static readonly Guid EmbeddedSource = new Guid("0e8a571b-6926-466e-b4ad-8ab04611f5fe");

        [Theory]
        [InlineData("netstandard2.0")]
        [InlineData("net8.0")]
        [InlineData("net10.0")]
        public void The_generated_client_is_embedded_in_the_pdb_so_users_can_step_into_it(string targetFramework)
        {
            using var stream = File.OpenRead(BuiltLibrary.Path(targetFramework, ".pdb"));
            using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
            var reader = provider.GetMetadataReader();

            var generated = reader.Documents.Select(reader.GetDocument).Single(d => reader.GetString(d.Name).EndsWith("GongDataPrivacyClient.g.cs", StringComparison.Ordinal));
            var handle = reader.Documents.Single(h => reader.GetDocument(h).Name == generated.Name);
            var embedded = reader.GetCustomDebugInformation(handle).Select(reader.GetCustomDebugInformation).Any(c => reader.GetGuid(c.Kind) == EmbeddedSource);

            Assert.True(embedded, "GongDataPrivacyClient.g.cs must be embedded in the " + targetFramework + " PDB");
        }
    }
}
