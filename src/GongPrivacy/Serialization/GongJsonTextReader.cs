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

        public override DateTimeOffset? ReadAsDateTimeOffset() => WithDateParsing(DateParseHandling.DateTimeOffset, () => base.ReadAsDateTimeOffset());

        public override DateTime? ReadAsDateTime() => WithDateParsing(DateParseHandling.DateTime, () => base.ReadAsDateTime());

        private T WithDateParsing<T>(DateParseHandling handling, Func<T> read)
        {
            var previous = DateParseHandling;
            DateParseHandling = handling;
            try
            {
                return read();
            }
            finally
            {
                DateParseHandling = previous;
            }
        }
    }
}
