using System;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    internal static class TimeProviderDelay
    {
        public static Task Delay(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
        {
            if (delay <= TimeSpan.Zero)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Task.CompletedTask;
            }

#if NET8_0_OR_GREATER
            return Task.Delay(delay, timeProvider, cancellationToken);
#else
            return TimeProviderTaskExtensions.Delay(timeProvider, delay, cancellationToken);
#endif
        }
    }
}
