using NodeAgent.KeyDelivery.Etsi;

namespace NodeAgent.KeyDelivery;

/// <summary>An API answer: the status code of the standard (200, 400, 401, 503) and its body.</summary>
public readonly record struct EtsiResult(int StatusCode, object Body)
{
    public static EtsiResult Ok(object body) => new(200, body);

    public static EtsiResult BadRequest(string message, string? detail = null) => new(400, Error(message, detail));

    public static EtsiResult Unauthorized(string message) => new(401, Error(message, null));

    public static EtsiResult Unavailable(string message, string? detail = null) => new(503, Error(message, detail));

    private static EtsiError Error(string message, string? detail) =>
        new(message, detail is null ? null : [new Dictionary<string, string> { ["message"] = detail }]);
}
