using System.Net.Http.Headers;
using System.Text;

namespace Dokuei.Server.Tests.TestSupport;

/// <summary>multipart/related bodies for STOW-RS and a reader for WADO-RS responses.</summary>
public static class Multipart
{
    public static HttpContent Related(params byte[][] parts) => Related(parts.Select(p => ("application/dicom", p)).ToArray());

    public static HttpContent Related(params (string ContentType, byte[] Bytes)[] parts)
    {
        const string boundary = "dokuei-test-boundary";
        var body = new MemoryStream();
        foreach (var (type, bytes) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {type}\r\n\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        return content;
    }

    /// <summary>The bodies of a multipart/related response, in order.</summary>
    public static async Task<List<(string ContentType, byte[] Bytes)>> ReadAsync(HttpResponseMessage response)
    {
        var boundary = response.Content.Headers.ContentType!.Parameters.First(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
        var parts = new List<(string, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add((section.ContentType ?? "", buffer.ToArray()));
        }

        return parts;
    }
}
