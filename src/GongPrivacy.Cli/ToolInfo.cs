using System.Reflection;

namespace GongPrivacy.Cli
{
    /// <summary>What the tool says about itself in the journal and the evidence.</summary>
    internal static class ToolInfo
    {
        /// <summary>The tool's version, such as <c>0.2.0+1a2b3c4</c>.</summary>
        public static readonly string Version =
            typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
