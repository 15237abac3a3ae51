namespace NodeAgent.Keys;

/// <summary>Files holding secrets (master key, private keys): created with mode 0600, never wider for an instant.</summary>
public static class OwnerOnlyFile
{
    /// <summary>The permissions a secret file must have.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens <paramref name="path"/> for writing; a file it creates gets mode 0600 at creation.</summary>
    public static FileStream OpenWrite(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        return new FileStream(path, options);
    }
}
