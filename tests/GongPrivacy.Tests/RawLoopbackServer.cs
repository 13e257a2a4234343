using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// A TCP server on 127.0.0.1 that misbehaves the way a network does: it reads each request and then closes the
    /// connection without an answer, or after the headers and part of the body. It counts the requests it read.
    /// </summary>
    public sealed class RawLoopbackServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string? _partialAnswer;
        private int _requests;

        private RawLoopbackServer(string? partialAnswer)
        {
            _partialAnswer = partialAnswer;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri BaseUri => new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Reads each request and closes the connection: sent, no answer.</summary>
        public static RawLoopbackServer DropsAfterReading() => new RawLoopbackServer(null);

        /// <summary>Answers 200 with a Content-Length the body never reaches, then closes: a connection dropped mid-body.</summary>
        public static RawLoopbackServer DropsMidBody(string traceId) => new RawLoopbackServer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nx-traceid: " + traceId + "\r\nContent-Length: 4000\r\n\r\n{\"requestId\":\"ok\",\"emails\":[{\"id\":\"");

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n"))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Interlocked.Increment(ref _requests);
                if (_partialAnswer != null)
                {
                    var bytes = Encoding.ASCII.GetBytes(_partialAnswer);
                    await stream.WriteAsync(bytes, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }

                // A graceful close: the client reads what was sent, then the end of the stream before the answer is whole.
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
    }
}
