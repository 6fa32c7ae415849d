using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>The gateway's own start-up messages.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "No tenants are configured (Gateway:Tenants): the gateway answers anyone who reaches it, without a key, and every client shares one cache. Configure tenants with keys before exposing it.")]
    public static partial void OpenToAnyone(ILogger logger);
}
