using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.Timeout;

namespace GongPrivacy.Http
{
    /// <summary>Names why an attempt got no answer, and whether its request certainly never left the process.</summary>
    internal static class GongTransportFailure
    {
        /// <summary>
        /// <see langword="true"/> when the connection failed before the request could be written: refused, name not found,
        /// a TLS handshake that failed. Anything else (a timeout, a connection dropped after sending) may have reached Gong.
        /// </summary>
        public static bool NeverLeftTheProcess(Exception exception)
        {
#if NET8_0_OR_GREATER
            if (exception is HttpRequestException http)
            {
                switch (http.HttpRequestError)
                {
                    case HttpRequestError.NameResolutionError:
                    case HttpRequestError.ConnectionError:
                    case HttpRequestError.SecureConnectionError:
                    case HttpRequestError.ProxyTunnelError:
                        return true;
                }
            }
#endif
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return true;
                }

                if (inner is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.NoData:
                        case SocketError.TryAgain:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <see langword="true"/> for a failure that another attempt cannot mend: a host name that does not resolve, or a TLS
        /// handshake that fails (https sent to an http port, a certificate the machine does not trust).
        /// </summary>
        public static bool IsPermanent(Exception exception)
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

        /// <summary>A short cause for a message: "connection refused", "name not found", "TLS failure", "timed out", …</summary>
        public static string Describe(Exception exception)
        {
            if (exception is TimeoutRejectedException || exception is TimeoutException)
            {
                return "the attempt timed out";
            }

            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return "the TLS handshake failed (is it an http port, or a certificate the machine does not trust?)";
                }

                if (inner is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                            return "the connection was refused";
                        case SocketError.HostNotFound:
                        case SocketError.NoData:
                        case SocketError.TryAgain:
                            return "the host name was not found";
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                            return "the host is unreachable";
                        case SocketError.ConnectionReset:
                        case SocketError.ConnectionAborted:
                            return "the connection was reset";
                        case SocketError.TimedOut:
                            return "the connection timed out";
                    }
                }
            }

#if NET8_0_OR_GREATER
            if (exception is HttpRequestException http)
            {
                switch (http.HttpRequestError)
                {
                    case HttpRequestError.NameResolutionError:
                        return "the host name was not found";
                    case HttpRequestError.ConnectionError:
                        return "the connection failed";
                    case HttpRequestError.SecureConnectionError:
                        return "the TLS handshake failed (is it an http port, or a certificate the machine does not trust?)";
                    case HttpRequestError.ResponseEnded:
                        return "the connection closed before an answer came";
                    case HttpRequestError.InvalidResponse:
                    case HttpRequestError.HttpProtocolError:
                        return "the answer was not valid HTTP";
                }
            }
#endif
            return exception.GetType().Name;
        }
    }
}
