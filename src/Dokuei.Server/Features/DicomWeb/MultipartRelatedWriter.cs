using System.Security.Cryptography;
using System.Text;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>Writes a <c>multipart/related</c> response part by part, streaming each part's body (PS3.18 section 8.6.1.2).</summary>
internal sealed class MultipartRelatedWriter(Stream body, string boundary)
{
    public string Boundary { get; } = boundary;

    public static string NewBoundary() => "dokuei-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string ContentType(string type, string boundary) => $"multipart/related; type=\"{type}\"; boundary={boundary}";

    /// <summary>The delimiter and headers that open a part (a part's body ends with CRLF before the next delimiter).</summary>
    public static string PartHeader(string boundary, string contentType, string? location = null)
    {
        var header = new StringBuilder().Append("--").Append(boundary).Append("\r\nContent-Type: ").Append(contentType).Append("\r\n");
        if (location != null)
        {
            header.Append("Content-Location: ").Append(location).Append("\r\n");
        }

        return header.Append("\r\n").ToString();
    }

    /// <summary>The close delimiter that ends the body.</summary>
    public static string Closing(string boundary) => $"--{boundary}--\r\n";

    public async Task WritePartAsync(string contentType, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken, string? location = null)
    {
        await body.WriteAsync(Encoding.ASCII.GetBytes(PartHeader(Boundary, contentType, location)), cancellationToken).ConfigureAwait(false);
        await writeBody(body, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) =>
        await body.WriteAsync(Encoding.ASCII.GetBytes(Closing(Boundary)), cancellationToken).ConfigureAwait(false);
}
