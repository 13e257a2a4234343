using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// A response body that turns a connection failure while it is read (an <see cref="IOException"/> or
    /// <see cref="HttpRequestException"/>) into <see cref="GongApiException"/> with the status, Gong's request id and the
    /// attempt count. Newtonsoft passes such an exception through unchanged, so generated and hand-written operations
    /// report a connection dropped mid-body the same way. Nothing is buffered: the body still streams.
    /// </summary>
    internal sealed class GongGuardedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly HttpResponseMessage _response;
        private readonly GongCallState _state;

        public GongGuardedContent(HttpContent inner, HttpResponseMessage response, GongCallState state)
        {
            _inner = inner;
            _response = response;
            _state = state;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync()
        {
            var stream = await Guard(() => _inner.ReadAsStreamAsync()).ConfigureAwait(false);
            return new GuardedStream(stream, this);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using (var source = await CreateContentReadStreamAsync().ConfigureAwait(false))
            {
                await source.CopyToAsync(stream).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private async Task<T> Guard<T>(Func<Task<T>> read)
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                throw Translate(ex);
            }
        }

        /// <summary>The bytes of the body read so far: its length once it was read whole (what a message may say of a body).</summary>
        public long BytesRead => Interlocked.Read(ref _bytesRead);

        private long _bytesRead;

        private int Count(int read)
        {
            Interlocked.Add(ref _bytesRead, read);
            return read;
        }

        private GongApiException Translate(Exception failure) =>
            GongExceptions.BodyBroken(_response, _state, failure);

        private sealed class GuardedStream : Stream
        {
            private readonly Stream _inner;
            private readonly GongGuardedContent _owner;

            public GuardedStream(Stream inner, GongGuardedContent owner)
            {
                _inner = inner;
                _owner = owner;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                try
                {
                    return _owner.Count(_inner.Read(buffer, offset, count));
                }
                catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                {
                    throw _owner.Translate(ex);
                }
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                try
                {
                    return _owner.Count(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                {
                    throw _owner.Translate(ex);
                }
            }

#if NET
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                try
                {
                    return _owner.Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                {
                    throw _owner.Translate(ex);
                }
            }
#endif

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
