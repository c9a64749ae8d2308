using System.Security.Cryptography;
using System.Text;
using Dokuei.Server.Features.Identity;

namespace Dokuei.Server.Tests.Features.Identity;

public sealed class Pbkdf2PasswordHasherTests
{
    private readonly Pbkdf2PasswordHasher _hasher = new();

    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = _hasher.Hash("正しい馬のバッテリー");

        Assert.Equal(PasswordVerification.Succeeded, _hasher.Verify(hash, "正しい馬のバッテリー"));
        Assert.Equal(PasswordVerification.Failed, _hasher.Verify(hash, "正しい馬のバッテリ"));
    }

    [Fact]
    public void The_hash_is_a_versioned_string_with_its_iterations_and_a_fresh_salt()
    {
        var first = _hasher.Hash("secret");
        var second = _hasher.Hash("secret");

        Assert.StartsWith("$pbkdf2-sha256$v=1$i=600000$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_hash_is_pbkdf2_hmac_sha256_of_the_utf8_password_and_salt()
    {
        var salt = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("パスワード"), salt, 1000, HashAlgorithmName.SHA256, 32);
        var stored = $"$pbkdf2-sha256$v=1$i=1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(expected)}";

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, _hasher.Verify(stored, "パスワード"));
        Assert.Equal(PasswordVerification.Failed, _hasher.Verify(stored, "password"));
    }

    [Fact]
    public void Fewer_iterations_than_the_minimum_are_refused_for_new_hashes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pbkdf2PasswordHasher(100_000));

    [Fact]
    public void A_hash_made_with_fewer_iterations_than_configured_asks_for_a_rehash()
    {
        var stronger = new Pbkdf2PasswordHasher(700_000);
        var hash = _hasher.Hash("secret");

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, stronger.Verify(hash, "secret"));
        Assert.Equal(PasswordVerification.Failed, stronger.Verify(hash, "Secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AQAAAAEAACcQAAAAE")] // ASP.NET Identity v3 format
    [InlineData("$pbkdf2-sha256$v=1$i=abc$AAAA$AAAA")]
    [InlineData("$pbkdf2-sha256$v=1$i=1000$AAECAwQFBgcICQoLDA0ODw==$AAAA")]
    public void A_stored_hash_in_another_format_is_a_data_error_not_a_wrong_password(string stored) =>
        Assert.Throws<FormatException>(() => _hasher.Verify(stored, "secret"));
}
