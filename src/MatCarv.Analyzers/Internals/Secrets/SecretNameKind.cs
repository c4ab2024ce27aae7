namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>What a name says about the value it holds.</summary>
internal enum SecretNameKind
{
    /// <summary>Not a secret name (or a name excluded on purpose, e.g. <c>passwordHint</c>).</summary>
    None,

    /// <summary>A password: password, passwd, pwd, passphrase.</summary>
    Password,

    /// <summary>A machine secret: secret, token, credential, API key, private key…</summary>
    Secret,
}
