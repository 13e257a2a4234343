using System;
using System.Linq;
using System.Text;

namespace GongSpecPrep
{
    /// <summary>
    /// How the client's names come from Gong's document: shared by the preparation tool, which names the generated
    /// operations, and tools/GongSpecDiff, which names them in its changelog (it compiles this file too).
    /// </summary>
    internal static class OperationNames
    {
        /// <summary>
        /// The rule that names an operation (documented in openapi/README.md): the last segment of its path that is not a
        /// parameter, in camel case, prefixed with <c>get</c> for a GET. <c>GET /v2/data-privacy/data-for-email-address</c>
        /// gives <c>getDataForEmailAddress</c> (GetDataForEmailAddressAsync), <c>POST …/erase-data-for-email-address</c>
        /// gives <c>eraseDataForEmailAddress</c>.
        /// </summary>
        internal static string OperationName(string method, string path)
        {
            var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(s => !s.StartsWith('{')) ?? "root";
            var camel = UpperCamel(segment);
            if (method == "get" && !camel.StartsWith("Get", StringComparison.Ordinal))
            {
                camel = "Get" + camel;
            }

            return char.ToLowerInvariant(camel[0]) + camel.Substring(1);
        }

        /// <summary>NSwag's way from an operationId or schema name to a C# name: drop what is not a letter or digit, capitalise what follows.</summary>
        internal static string UpperCamel(string name)
        {
            var builder = new StringBuilder();
            var upper = true;
            foreach (var c in name)
            {
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    upper = true;
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            return builder.ToString();
        }
    }
}
