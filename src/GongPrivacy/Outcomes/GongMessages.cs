using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;
using GongPrivacy.Internal;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>
    /// The words of <see cref="GongApiException"/>'s messages, for <see cref="GongExceptions"/>: what a status means, where a
    /// redirect pointed, what came back instead of Gong's answer (media type and length, never the body), and the whole
    /// message, with every email address and phone number masked.
    /// </summary>
    internal static class GongMessages
    {
        /// <summary>What a status means for the caller; the first sentence of every status exception's message.</summary>
        internal static string DescribeStatus(int status)
        {
            switch (status)
            {
                case 400:
                    return "Gong refused the request as malformed.";
                case 401:
                    return "Gong denied access: check the access key and secret or the OAuth token, its scope (api:data-privacy:read or api:data-privacy:delete), and that the base URL is your tenant's host.";
                case 403:
                    return "Gong denied access to this operation: check the credential's scope.";
                case 404:
                    return "Gong does not know this path: check the base URL.";
                case 429:
                    return "Gong's rate limit was exceeded.";
                default:
                    return status >= 500 ? "Gong failed to complete the operation." : "Gong answered with an unexpected status.";
            }
        }

        /// <summary>A redirect, never followed: the first sentence names where it pointed.</summary>
        internal static string DescribeRedirect(int status, string target) =>
            (status >= 300 && status < 400
                ? "The base URL redirects (HTTP " + status.ToString(CultureInfo.InvariantCulture) + ") to " + target + ": that is not Gong's API answering, so the redirect is not followed"
                : "The base URL redirected to " + target + " (a handler of your HttpClient followed it): what answered there is not Gong's API, so the answer is not taken as Gong's")
            + ". Use your tenant's API host (Gong shows it on its API page), such as https://us-12345.api.gong.io.";

        /// <summary>A 2xx that is not Gong's answer: what came back (media type and length), never the body.</summary>
        internal static string DescribeNotGongs(HttpResponseMessage response, string? body)
        {
            var media = response.Content?.Headers.ContentType?.MediaType ?? "no content type";
            var length = response.Content?.Headers.ContentLength
                ?? (body != null ? System.Text.Encoding.UTF8.GetByteCount(body) : response.Content is GongGuardedContent guarded ? guarded.BytesRead : (long?)null);
            return "What answered is not Gong: a " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " with " + media + ", "
                + (length == null ? "of unstated length" : length.Value.ToString(CultureInfo.InvariantCulture) + (length == 1 ? " byte" : " bytes"))
                + ", not Gong's JSON with a requestId (a proxy's page, or a gateway's empty answer). It is neither a success nor \"nothing found\": check the base URL (your tenant's API host) and any proxy.";
        }

        internal static string Compose(GongFailure failure, bool bodyPresent, bool errorShape) => Compose(failure, failure.Message, bodyPresent, errorShape);

        internal static string Compose(GongFailure failure, string description, bool bodyPresent, bool errorShape)
        {
            var text = new StringBuilder(GongRedaction.Redact(description).TrimEnd());
            if (text.Length > 0 && text[text.Length - 1] != '.')
            {
                text.Append('.');
            }

            text.Append(" HTTP ").Append(failure.StatusCode.ToString(CultureInfo.InvariantCulture));
            text.Append(", Gong request id ").Append(failure.RequestId ?? "(none)").Append('.');
            if (failure.Errors.Count > 0)
            {
                text.Append(" Gong said: ").Append(string.Join("; ", failure.Errors.Select(GongRedaction.Redact))).Append('.');
            }

            if (failure.Attempts > 1)
            {
                text.Append(" Gave up after ").Append(failure.Attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts.");
            }

            if (failure.RetryAfter.HasValue)
            {
                text.Append(" Retry after ").Append(((long)Math.Ceiling(failure.RetryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)).Append(" s.");
            }

            if (failure.ReadFailure != null)
            {
                text.Append(" The body could not be read (").Append(failure.ReadFailure).Append(").");
            }
            else if (!errorShape && bodyPresent)
            {
                text.Append(" The body is not Gong's JSON error shape (").Append(failure.ContentType ?? "no content type").Append(").");
            }

            return text.ToString();
        }

        internal static string? DescribeReadFailure(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return null;
                case JsonReaderException reader:
                    return string.Format(CultureInfo.InvariantCulture, "{0} at line {1}, position {2}, path '{3}'", reader.GetType().Name, reader.LineNumber, reader.LinePosition, reader.Path);
                case JsonSerializationException serialization:
                    return string.Format(CultureInfo.InvariantCulture, "{0} at line {1}, position {2}, path '{3}'", serialization.GetType().Name, serialization.LineNumber, serialization.LinePosition, serialization.Path);
                default:
                    return exception.GetType().Name;
            }
        }
    }
}
