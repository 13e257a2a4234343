using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GongPrivacy.RateLoad
{
    /// <summary>What the load runs' fake Gongs share: a Kestrel app on a loopback port, and Gong's two answers to a lookup.</summary>
    internal static class LoopbackGong
    {
        /// <summary>Starts <paramref name="handle"/> on 127.0.0.1 at a free port; returns the app and its base URL.</summary>
        public static async Task<(WebApplication App, string BaseUrl)> StartAsync(RequestDelegate handle)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(handle);
            await app.StartAsync();
            return (app, app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        /// <summary>An empty lookup answer, or Gong's 429 with Retry-After: 1.</summary>
        public static Task AnswerAsync(HttpContext context, bool accepted)
        {
            context.Response.ContentType = "application/json;charset=UTF-8";
            if (!accepted)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers["Retry-After"] = "1";
                return context.Response.WriteAsync("{\"requestId\":\"load-429\",\"errors\":[\"rate limit\"]}");
            }

            return context.Response.WriteAsync("{\"requestId\":\"load-ok\",\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}");
        }
    }
}
