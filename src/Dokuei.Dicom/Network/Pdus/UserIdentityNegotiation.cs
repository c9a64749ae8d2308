namespace Dokuei.Dicom.Network.Pdus;

/// <summary>The kind of user identity proposed (PS3.7 Table D.3-14).</summary>
public enum UserIdentityType : byte
{
    /// <summary>Username as a UTF-8 string.</summary>
    Username = 1,

    /// <summary>Username and passcode.</summary>
    UsernameAndPasscode = 2,

    /// <summary>Kerberos service ticket.</summary>
    Kerberos = 3,

    /// <summary>SAML assertion.</summary>
    Saml = 4,

    /// <summary>JSON Web Token.</summary>
    Jwt = 5,
}

/// <summary>User identity sub-item of an A-ASSOCIATE-RQ (0x58, PS3.7 D.3.3.7.1).</summary>
public sealed record UserIdentityRq(UserIdentityType Type, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    internal const byte ItemType = 0x58;

    /// <summary>A username (and optionally passcode) identity.</summary>
    public static UserIdentityRq FromUsername(string username, string? passcode = null, bool positiveResponseRequested = false) => new(
        passcode == null ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode,
        positiveResponseRequested,
        System.Text.Encoding.UTF8.GetBytes(username),
        passcode == null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(passcode));

    /// <summary>A JSON Web Token identity.</summary>
    public static UserIdentityRq FromJwt(string token, bool positiveResponseRequested = false) =>
        new(UserIdentityType.Jwt, positiveResponseRequested, System.Text.Encoding.UTF8.GetBytes(token), ReadOnlyMemory<byte>.Empty);

    /// <summary>The primary field as UTF-8 text (username or token).</summary>
    public string PrimaryText => System.Text.Encoding.UTF8.GetString(PrimaryField.Span);

    /// <summary>The secondary field as UTF-8 text (passcode).</summary>
    public string SecondaryText => System.Text.Encoding.UTF8.GetString(SecondaryField.Span);

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, u) =>
    {
        w.Byte((byte)u.Type);
        w.Byte(u.PositiveResponseRequested ? (byte)1 : (byte)0);
        w.UInt16((ushort)u.PrimaryField.Length);
        w.Bytes(u.PrimaryField.Span);
        w.UInt16((ushort)u.SecondaryField.Length);
        w.Bytes(u.SecondaryField.Span);
    });

    internal static UserIdentityRq Read(PduSpanReader reader)
    {
        var type = reader.Byte("user identity type");
        var positive = reader.Byte("positive response requested");
        var primary = reader.Bytes(reader.UInt16("primary field length"), "primary field").ToArray();
        var secondary = reader.Bytes(reader.UInt16("secondary field length"), "secondary field").ToArray();
        if (type is 0 or > 5)
        {
            throw new DicomPduException($"user identity type {type} is not 1..5", reader.Offset);
        }

        return new UserIdentityRq((UserIdentityType)type, positive != 0, primary, secondary);
    }
}

/// <summary>User identity sub-item of an A-ASSOCIATE-AC (0x59, PS3.7 D.3.3.7.2): the server response (e.g. a Kerberos ticket), possibly empty.</summary>
public sealed record UserIdentityAc(ReadOnlyMemory<byte> ServerResponse)
{
    internal const byte ItemType = 0x59;

    internal void Write(PduWriter writer) => writer.Item(ItemType, this, static (w, u) =>
    {
        w.UInt16((ushort)u.ServerResponse.Length);
        w.Bytes(u.ServerResponse.Span);
    });

    internal static UserIdentityAc Read(PduSpanReader reader) =>
        new(reader.Bytes(reader.UInt16("server response length"), "server response").ToArray());
}
