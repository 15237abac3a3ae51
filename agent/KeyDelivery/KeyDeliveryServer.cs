using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeAgent.KeyDelivery;

/// <summary>
/// One KME's HTTPS endpoint (Kestrel): TLS 1.2+ with a required client certificate from the configured CA, HTTP/1.1
/// and HTTP/2, bodies capped, serving <see cref="Etsi014Api"/>.
/// </summary>
public sealed class KeyDeliveryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public KeyDeliveryServer(Uri url, X509Certificate2 serverCertificate, X509Certificate2 trustedCa, KeyDeliveryService service, int maxRequestBytes, ILoggerFactory loggers)
    {
        var validator = new ClientCertificateValidator(trustedCa);
        ILogger logger = loggers.CreateLogger("keydelivery.tls");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            IPAddress[] addresses = url.Host switch
            {
                "localhost" => [IPAddress.Loopback],
                "*" or "0.0.0.0" => [IPAddress.Any],
                _ => [IPAddress.Parse(url.Host.Trim('[', ']'))],
            };
            foreach (IPAddress address in addresses)
            {
                kestrel.Listen(address, url.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = serverCertificate;
                        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (certificate, _, _) =>
                        {
                            bool valid = validator.IsValid(certificate);
                            if (!valid)
                            {
                                logger.LogWarning("Client certificate {Subject} rejected: not issued by this node's CA for client authentication", certificate.Subject);
                            }

                            return valid;
                        };
                    });
                });
            }
        });
        _app = builder.Build();
        _app.MapEtsi014(service);
    }

    /// <summary>Starts listening; returns the bound base address (the port is known here when 0 was asked for).</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
