using System;
using System.IO;
using Newtonsoft.Json;

namespace GongPrivacy.Serialization
{
    /// <summary>
    /// A <see cref="JsonTextReader"/> that leaves date-like strings as strings (so that <c>fields[].value</c> and
    /// unknown fields keep exactly what Gong sent), yet parses a typed date property straight from its buffer
    /// instead of through an intermediate string, as <see cref="DateParseHandling.None"/> alone would.
    /// </summary>
    internal sealed class GongJsonTextReader : JsonTextReader
    {
        public GongJsonTextReader(TextReader reader)
            : base(reader)
        {
            DateParseHandling = DateParseHandling.None;
        }

        public override DateTimeOffset? ReadAsDateTimeOffset()
        {
            var previous = DateParseHandling;
            DateParseHandling = DateParseHandling.DateTimeOffset;
            try
            {
                return base.ReadAsDateTimeOffset();
            }
            finally
            {
                DateParseHandling = previous;
            }
        }

        public override DateTime? ReadAsDateTime()
        {
            var previous = DateParseHandling;
            DateParseHandling = DateParseHandling.DateTime;
            try
            {
                return base.ReadAsDateTime();
            }
            finally
            {
                DateParseHandling = previous;
            }
        }
    }
}
