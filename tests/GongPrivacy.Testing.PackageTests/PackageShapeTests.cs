using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using GongPrivacy.Testing;
using Xunit;

namespace GongPrivacy.Testing.PackageTests
{
    /// <summary>
    /// The two packages as shipped: the fake comes from the packed GongPrivacy.Testing; it needs ASP.NET Core and the
    /// client library does not, so a library consumer's production code never gets ASP.NET Core from us.
    /// </summary>
    public class PackageShapeTests
    {
        private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "artifacts");

        [Fact]
        public void The_fake_comes_from_the_package_not_from_a_project()
        {
            var packaged = Path.Combine(Artifacts, "testing-consumer-packages", "gongprivacy.testing");

            Assert.True(Directory.Exists(packaged), "the package must have been restored into artifacts/testing-consumer-packages");
            Assert.Equal(
                File.ReadAllBytes(Directory.GetFiles(packaged, "GongPrivacy.Testing.dll", SearchOption.AllDirectories).Single(f => f.Contains(Path.Combine("lib", "net10.0")))),
                File.ReadAllBytes(typeof(FakeGong).Assembly.Location));
        }

        [Fact]
        public void Only_the_test_package_needs_aspnetcore_and_it_does_not_reference_the_client()
        {
            var testing = Nuspec("GongPrivacy.Testing");
            var library = Nuspec("GongPrivacy");

            Assert.Contains(testing.Descendants().Where(e => e.Name.LocalName == "frameworkReference"), e => (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
            Assert.Equal(new[] { "Microsoft.Extensions.TimeProvider.Testing" }, Dependencies(testing));
            Assert.DoesNotContain(library.Descendants(), e => e.Name.LocalName == "frameworkReference");
            Assert.DoesNotContain(Dependencies(library), id => id.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || id == "GongPrivacy.Testing");
        }

        private static string[] Dependencies(XDocument nuspec) =>
            nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Distinct().OrderBy(id => id).ToArray();

        private static XDocument Nuspec(string id)
        {
            var file = Directory.GetFiles(Path.Combine(Artifacts, "feed"), id + ".*.nupkg").Single(f => char.IsDigit(Path.GetFileName(f)[id.Length + 1]));
            using var package = ZipFile.OpenRead(file);
            using var stream = package.GetEntry(id + ".nuspec")!.Open();
            return XDocument.Load(stream);
        }
    }
}
