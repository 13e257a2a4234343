using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace GongPrivacy.Testing
{
    /// <summary>How the fake answers one request, in Gong's order: faults, credentials, limits, latency, the operation.</summary>
    public sealed partial class FakeGong
    {
        private readonly ConcurrentDictionary<FakeGongOperation, int> _operationCounts = new ConcurrentDictionary<FakeGongOperation, int>();
        private int _ordinal;

        private static FakeGongOperation OperationOf(string method, string path) => (method, path) switch
        {
            ("GET", "/v2/data-privacy/data-for-email-address") => FakeGongOperation.LookupEmail,
            ("GET", "/v2/data-privacy/data-for-phone-number") => FakeGongOperation.LookupPhone,
            ("POST", "/v2/data-privacy/erase-data-for-email-address") => FakeGongOperation.EraseEmail,
            ("POST", "/v2/data-privacy/erase-data-for-phone-number") => FakeGongOperation.ErasePhone,
            ("POST", FakeGongOAuth.TokenPath) => FakeGongOperation.Token,
            ("GET", FakeGongOAuth.AuthorizePath) => FakeGongOperation.Authorize,
            _ => FakeGongOperation.Unknown,
        };

        private static FakeGongCredential CredentialOf(string header) =>
            header.Length == 0 ? FakeGongCredential.None
            : header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? FakeGongCredential.Basic
            : header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? FakeGongCredential.Bearer
            : FakeGongCredential.Other;

        private async Task HandleAsync(HttpContext context)
        {
            var arrival = Time.GetUtcNow();
            var request = context.Request;
            var genericHost = context.Connection.LocalPort == GenericBaseUrl.Port;
            var path = request.Path.Value ?? string.Empty;
            var operation = OperationOf(request.Method, path);
            var subject = operation switch
            {
                FakeGongOperation.LookupEmail or FakeGongOperation.EraseEmail => request.Query.TryGetValue("emailAddress", out var email) ? email.ToString() : null,
                FakeGongOperation.LookupPhone or FakeGongOperation.ErasePhone => request.Query.TryGetValue("phoneNumber", out var phone) ? phone.ToString() : null,
                _ => null,
            };
            var call = new FakeGongCall(Interlocked.Increment(ref _ordinal), _operationCounts.AddOrUpdate(operation, 1, (_, n) => n + 1), operation, request.Method, path, subject);
            var authorization = request.Headers.Authorization.ToString();
            var requestId = RequestIds.Next();
            context.Response.Headers["x-traceid"] = requestId;

            void Record(FakeGongOutcome outcome, Reply? reply, bool accepted, FakeGongFault? fault)
            {
                var id = reply != null && reply.FromGong && reply.Status != 302 ? requestId : null;
                var credential = CredentialOf(authorization);
                _received.Add(
                    new FakeGongRequest(call, arrival, subject == null ? null : Subjects.Mask(subject), credential, genericHost, outcome, reply?.Status, id, accepted, fault),
                    new FakeGongRequest(call, arrival, subject, credential, genericHost, outcome, reply?.Status, id, accepted, fault));
            }

            var fault = Faults.Take(call, arrival);
            Reply? played = fault?.Kind switch
            {
                FakeGongFaultKind.ServerError => Reply.Error(500, requestId, "Failed to complete the operation due to an unexpected error"),
                FakeGongFaultKind.ServiceUnavailable => Reply.ServiceUnavailable(),
                FakeGongFaultKind.RateLimited => Reply.Error(429, requestId, "API request limit exceeded", fault.Delay),
                FakeGongFaultKind.Redirect => Reply.Redirect(fault.Location!.AbsoluteUri, fault.Status, fromGong: false),
                FakeGongFaultKind.SignInPage => Reply.NotGongs("text/html;charset=UTF-8", "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method=\"post\"><input name=\"username\"><input name=\"password\" type=\"password\"></form></body></html>"),
                FakeGongFaultKind.EmptyJson => Reply.NotGongs("application/json", "{}"),
                _ => null,
            };
            if (fault?.Kind == FakeGongFaultKind.DropBeforeAccepting)
            {
                Record(FakeGongOutcome.DroppedBeforeAccepting, null, false, fault);
                Drop(context, fault.Graceful);
                return;
            }

            if (played != null)
            {
                Record(FakeGongOutcome.Answered, played, false, fault);
                await played.WriteAsync(context).ConfigureAwait(false);
                return;
            }

            Reply reply;
            bool accepted;
            try
            {
                (reply, accepted) = operation switch
                {
                    FakeGongOperation.Token => Accepted(OAuth.Token(authorization, request.Query, BaseUrl)),
                    FakeGongOperation.Authorize => Accepted(OAuth.Authorize(request.Query)),
                    _ => await AnswerAsync(context, operation, subject, authorization, genericHost, arrival, requestId).ConfigureAwait(false),
                };
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away while the latency ran.
                Record(FakeGongOutcome.DroppedBeforeAccepting, null, false, fault);
                return;
            }

            if (fault?.Kind == FakeGongFaultKind.DropAfterAccepting)
            {
                Record(FakeGongOutcome.DroppedAfterAccepting, null, accepted, fault);
                Drop(context, fault.Graceful);
                return;
            }

            Record(FakeGongOutcome.Answered, reply, accepted, fault);
            if (fault?.Kind == FakeGongFaultKind.SlowAnswer)
            {
                try
                {
                    await Task.Delay(fault.Delay, Time, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up first
                }
            }

            await reply.WriteAsync(context).ConfigureAwait(false);
        }

        private static (Reply, bool) Accepted(Reply reply) => (reply, reply.Status == 200 || reply.Status == 302);

        /// <summary>A Data Privacy call: credentials, the rate window and the day's quota at arrival, then latency, then the operation.</summary>
        private async Task<(Reply Reply, bool Accepted)> AnswerAsync(HttpContext context, FakeGongOperation operation, string? subject, string authorization, bool genericHost, DateTimeOffset arrival, string requestId)
        {
            var refusal = Refusal(authorization, genericHost);
            if (refusal != null)
            {
                return (Reply.Error(401, requestId, refusal), false);
            }

            if (!_window.TryAdmit(arrival, out var wait))
            {
                return (Reply.Error(429, requestId, "API request limit exceeded", wait), false);
            }

            if (!_state.TryCountCall(arrival, _options.DailyQuota))
            {
                var midnight = new DateTimeOffset(arrival.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                return (Reply.Error(429, requestId, "API daily request limit exceeded", midnight - arrival), false);
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, Time, context.RequestAborted).ConfigureAwait(false);
            }

            var email = operation == FakeGongOperation.LookupEmail || operation == FakeGongOperation.EraseEmail;
            if (operation == FakeGongOperation.Unknown)
            {
                return (Reply.Error(404, requestId, "No such endpoint: " + context.Request.Method + " " + context.Request.Path), false);
            }

            if (subject == null || !(email ? Subjects.IsEmailAddress(subject.Trim()) : Subjects.IsPhoneNumber(subject)))
            {
                return (Reply.Error(400, requestId, (email ? "emailAddress" : "phoneNumber") + " is missing or malformed"), false);
            }

            var key = Subjects.Key(subject);
            var now = Time.GetUtcNow();
            if (operation == FakeGongOperation.EraseEmail || operation == FakeGongOperation.ErasePhone)
            {
                if (_refused.ContainsKey(key))
                {
                    return (Reply.Error(400, requestId, SampleSubjectData.AbnormalDeletion), false);
                }

                if (!_kept.ContainsKey(key))
                {
                    if (CameBack(key, now))
                    {
                        _state.EraseAgain(key, now + ErasureDelay); // erased again once its source was cleaned: it stays erased
                    }
                    else
                    {
                        _state.Erase(key, now + ErasureDelay);
                    }
                }

                return (Reply.Json(200, new JsonObject { ["requestId"] = requestId }), true);
            }

            return (Reply.Data(DataFor(key, email ? null : subject, now), requestId), true);
        }

        /// <summary>Why the credentials are refused, or null when they are good at this host.</summary>
        private string? Refusal(string authorization, bool genericHost)
        {
            switch (CredentialOf(authorization))
            {
                case FakeGongCredential.Basic:
                    string decoded;
                    try
                    {
                        decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Substring(6).Trim()));
                    }
                    catch (FormatException)
                    {
                        return "Access denied: the Basic credentials are not base64";
                    }

                    var colon = decoded.IndexOf(':');
                    if (colon <= 0 || colon == decoded.Length - 1)
                    {
                        return "Access denied: the access key or its secret is empty";
                    }

                    return _options.AccessKey == null || (decoded.Substring(0, colon) == _options.AccessKey && decoded.Substring(colon + 1) == _options.AccessKeySecret)
                        ? null : "Access denied: unknown access key or wrong secret";
                case FakeGongCredential.Bearer:
                    return OAuth.AcceptsBearer(authorization.Substring(7).Trim(), genericHost) ? null : "Access denied: the token is expired, unknown, or not valid at this host";
                case FakeGongCredential.None:
                    return "Access denied: no credentials";
                default:
                    return "Access denied: unsupported authorization scheme";
            }
        }

        /// <summary>Whether an erased subject is back now: re-imported <see cref="ComeBackAfterErase"/>'s time after its first erasure, not after a second.</summary>
        private bool CameBack(string key, DateTimeOffset now) =>
            _state.ErasedAt(key, now) is { } erased && !erased.Settled && _comesBack.TryGetValue(key, out var back) && now >= erased.At + back;

        /// <summary>What Gong holds for a subject now: nothing once an erasure is carried out; else what was seeded.</summary>
        private JsonObject DataFor(string key, string? suppliedPhone, DateTimeOffset now)
        {
            if (_state.ErasedAt(key, now) != null && !CameBack(key, now))
            {
                return SubjectData.Empty(key, suppliedPhone);
            }

            if (_seeded.TryGetValue(key, out var seeded))
            {
                return seeded ?? SubjectData.For(key, suppliedPhone, rich: true);
            }

            if (_options.Sandbox && !key.StartsWith("email:no.match", StringComparison.Ordinal))
            {
                return SampleData(key, suppliedPhone) ?? SubjectData.For(key, suppliedPhone, rich: false);
            }

            return SubjectData.Empty(key, suppliedPhone);
        }

        /// <summary>What a sample subject of the sandbox holds (docs/sandbox.md); null for any other subject.</summary>
        private static JsonObject? SampleData(string key, string? suppliedPhone)
        {
            if (key == Subjects.Key(SampleSubjects[0]))
            {
                return SubjectData.For(key, suppliedPhone, rich: true);
            }

            if (key == Subjects.Key(SampleSubjectData.SharedLine))
            {
                return SampleSubjectData.Shared(key, suppliedPhone);
            }

            if (key == Subjects.Key(SampleSubjectData.HugeAccount))
            {
                return SampleSubjectData.Huge(key);
            }

            // The other samples hold a CRM record (the subject that comes back is re-imported from it).
            return SampleSubjects.Any(s => Subjects.Key(s) == key) ? SubjectData.For(key, suppliedPhone, rich: false, crm: true) : null;
        }

        /// <summary>Resets the connection (RST) without an answer; <paramref name="graceful"/> closes it (FIN) instead.</summary>
        private static void Drop(HttpContext context, bool graceful)
        {
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
            if (socket != null)
            {
                if (graceful)
                {
                    socket.Shutdown(SocketShutdown.Both); // FIN: the client reads the end of the stream, no answer
                }
                else
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
            }

            context.Abort();
        }
    }
}
