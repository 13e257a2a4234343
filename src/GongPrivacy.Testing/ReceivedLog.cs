using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Testing
{
    /// <summary>What the fake received, each request kept twice (subject as sent, and masked), and who waits for which.</summary>
    internal sealed class ReceivedLog
    {
        private readonly object _gate = new object();
        private readonly List<(FakeGongRequest Masked, FakeGongRequest Unmasked)> _requests = new List<(FakeGongRequest, FakeGongRequest)>();
        private readonly List<(Func<FakeGongRequest, bool> Match, TaskCompletionSource<FakeGongRequest> Done)> _waiters = new List<(Func<FakeGongRequest, bool>, TaskCompletionSource<FakeGongRequest>)>();

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _requests.Count;
                }
            }
        }

        public void Add(FakeGongRequest masked, FakeGongRequest unmasked)
        {
            List<TaskCompletionSource<FakeGongRequest>> done;
            lock (_gate)
            {
                _requests.Add((masked, unmasked));
                done = _waiters.Where(w => w.Match(unmasked)).Select(w => w.Done).ToList();
                _waiters.RemoveAll(w => done.Contains(w.Done));
            }

            foreach (var waiter in done)
            {
                waiter.TrySetResult(masked);
            }
        }

        public IReadOnlyList<FakeGongRequest> Snapshot(bool unmasked)
        {
            lock (_gate)
            {
                return _requests.Select(r => unmasked ? r.Unmasked : r.Masked).ToList();
            }
        }

        public async Task<FakeGongRequest> WaitAsync(Func<FakeGongRequest, bool> match, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<FakeGongRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                var found = _requests.FirstOrDefault(r => match(r.Unmasked));
                if (found.Masked != null)
                {
                    return found.Masked;
                }

                _waiters.Add((match, done));
            }

            using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
            {
                return await done.Task.ConfigureAwait(false);
            }
        }
    }
}
