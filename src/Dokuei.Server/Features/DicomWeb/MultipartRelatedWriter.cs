using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>Writes a <c>multipart/related</c> response part by part, streaming each part's body (PS3.18 section 8.6.1.2).</summary>
internal sealed class MultipartRelatedWriter(Stream body, string boundary)
{
    public string Boundary { get; } = boundary;

    public static string NewBoundary() => "dokuei-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string ContentType(string type, string boundary) => $"multipart/related; type=\"{type}\"; boundary={boundary}";

    public async Task WritePartAsync(string contentType, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken, string? location = null)
    {
        var header = new StringBuilder().Append("--").Append(Boundary).Append("\r\nContent-Type: ").Append(contentType).Append("\r\n");
        if (location != null)
        {
            header.Append("Content-Location: ").Append(location).Append("\r\n");
        }

        header.Append("\r\n");
        await body.WriteAsync(Encoding.ASCII.GetBytes(header.ToString()), cancellationToken).ConfigureAwait(false);
        await writeBody(body, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) =>
        await body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"), cancellationToken).ConfigureAwait(false);
}
