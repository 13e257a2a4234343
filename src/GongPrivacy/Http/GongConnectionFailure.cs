using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.Timeout;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Names why a call got no answer, and whether its request certainly never left the process: the one reading of a
    /// connection failure, used by the client's own handlers and available to yours (a handler that journals erasures, a
    /// tool that reports a failure in one line).
    /// </summary>
    internal static class GongConnectionFailure
    {
        /// <summary>
        /// <see langword="true"/> when the connection failed before the request could be written: refused, name not found,
        /// a TLS handshake that failed. Anything else (a timeout, a connection dropped after sending) may have reached Gong.
        /// </summary>
        /// <param name="exception">The failure, or an exception whose chain holds it.</param>
        /// <returns>Whether nothing of the request was written.</returns>
        internal static bool NeverLeftTheProcess(Exception exception)
        {
#if NET8_0_OR_GREATER
            // .NET names the phase: these errors are raised only while connecting, before a byte of the request is written.
            // A socket error seen on an open connection (reset, unreachable) may come after the request was sent.
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is HttpRequestException http)
                {
                    switch (http.HttpRequestError)
                    {
                        case HttpRequestError.NameResolutionError:
                        case HttpRequestError.ConnectionError:
                        case HttpRequestError.SecureConnectionError:
                        case HttpRequestError.ProxyTunnelError:
                            return true;
                        default:
                            return false;
                    }
                }
            }

            return false;
#else
            // Without HttpRequestError, only the failures that can happen only while connecting count.
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return true;
                }

                if (inner is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.TryAgain || socket.SocketErrorCode == SocketError.NoData;
                }
            }

            return false;
#endif
        }

        /// <summary>
        /// <see langword="true"/> for a failure that another attempt cannot mend: a host name that does not resolve, or a TLS
        /// handshake that fails (https sent to an http port, a certificate the machine does not trust).
        /// </summary>
        /// <param name="exception">The failure, or an exception whose chain holds it.</param>
        /// <returns>Whether retrying is pointless.</returns>
        internal static bool IsPermanent(Exception exception)
        {
#if NET8_0_OR_GREATER
            if (exception is HttpRequestException http &&
                (http.HttpRequestError == HttpRequestError.NameResolutionError || http.HttpRequestError == HttpRequestError.SecureConnectionError))
            {
                return true;
            }
#endif
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException || (inner is SocketException socket && socket.SocketErrorCode == SocketError.HostNotFound))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The cause in a few words a user can act on: "connection refused (…)", "name not found (…)", "TLS handshake failed (…)",
        /// "timed out waiting for an answer", "the connection closed before an answer came". The exception's chain is read;
        /// pass a <see cref="GongApiException"/> with <see cref="GongApiException.StatusCode"/> 0 or a transport exception.
        /// </summary>
        /// <param name="failure">The failure.</param>
        /// <returns>The cause, without a host, address or any personal data.</returns>
        internal static string Describe(Exception failure)
        {
            for (var inner = failure; inner != null; inner = inner.InnerException)
            {
                switch (inner)
                {
                    case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused:
                        return "connection refused (nothing listens there: check the base URL and port)";
                    case SocketException socket when socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.TryAgain || socket.SocketErrorCode == SocketError.NoData:
                        return "name not found (check the host name in the base URL)";
                    case SocketException socket when socket.SocketErrorCode == SocketError.HostUnreachable || socket.SocketErrorCode == SocketError.NetworkUnreachable:
                        return "network unreachable";
                    case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionReset || socket.SocketErrorCode == SocketError.ConnectionAborted:
                        return "the connection was reset";
                    case AuthenticationException _:
                        return Tls;
#if NET8_0_OR_GREATER
                    case HttpRequestException http when http.HttpRequestError == HttpRequestError.NameResolutionError:
                        return "name not found (check the host name in the base URL)";
                    case HttpRequestException http when http.HttpRequestError == HttpRequestError.SecureConnectionError:
                        return Tls;
#endif
                    case TimeoutRejectedException _:
                    case TimeoutException _:
                    case OperationCanceledException _:
                        return "timed out waiting for an answer";
                }
            }

#if NET8_0_OR_GREATER
            for (var inner = failure; inner != null; inner = inner.InnerException)
            {
                if (inner is HttpRequestException http && (http.HttpRequestError == HttpRequestError.ResponseEnded || http.HttpRequestError == HttpRequestError.InvalidResponse || http.HttpRequestError == HttpRequestError.HttpProtocolError))
                {
                    return "the connection closed before an answer came";
                }
            }
#endif
            return "the connection failed (" + (failure.InnerException ?? failure).GetType().Name + ")";
        }

        private const string Tls = "TLS handshake failed (an https URL for a plain-http port, or a certificate that is not trusted)";
    }
}
