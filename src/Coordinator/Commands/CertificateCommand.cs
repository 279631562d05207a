using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NmfGrid.Coordinator.Hosting;

namespace NmfGrid.Coordinator.Commands;

/// <summary>
/// `nmfgrid certificate --out FILE [--password-file FILE] [--if-absent] [--days N]`: a self-signed cluster certificate
/// (PKCS#12 with its private key) for NMFGRID_TLS_CERT, made where no openssl is at hand (the container image).
/// Its password comes from NMFGRID_TLS_PASSWORD, else from the password file, which is created with a random password
/// when it does not exist; never from the command line, where `ps` shows it. Both files are written readable by their
/// owner only. With --if-absent an existing certificate is kept (a one-shot step that runs at every start must not
/// rotate it: members with different certificates cannot talk).
/// </summary>
public static class CertificateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The .pfx file to write.", Required = true };
        var passwordFile = new Option<string>("--password-file")
        {
            Description = "File holding the certificate's password (created with a random one if absent); for NMFGRID_TLS_PASSWORD_FILE. " +
                          "Unused when NMFGRID_TLS_PASSWORD is set.",
        };
        var ifAbsent = new Option<bool>("--if-absent") { Description = "Keep an existing certificate (exit 0) instead of refusing to overwrite it." };
        var days = new Option<int>("--days") { Description = "Validity in days (default 825).", DefaultValueFactory = _ => 825 };
        var command = new Command("certificate", "Make a self-signed cluster certificate for mutual TLS (NMFGRID_TLS_CERT).") { output, passwordFile, ifAbsent, days };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                return Write(parse.GetValue(output)!, parse.GetValue(passwordFile), parse.GetValue(ifAbsent), parse.GetValue(days),
                             Environment.GetEnvironmentVariable, parse.InvocationConfiguration.Output);
            }
            catch (Exception e) when (e is ClusterSettingsException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"certificate: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static int Write(string path, string? passwordFile, bool ifAbsent, int days, Func<string, string?> environment, TextWriter output)
    {
        if (days < 1) throw new ClusterSettingsException($"--days: must be at least 1, got {days}");
        if (File.Exists(path))
        {
            if (!ifAbsent) throw new ClusterSettingsException($"--out: '{path}' exists; delete it first or pass --if-absent to keep it");
            output.WriteLine($"Cluster certificate {path} exists; kept.");
            return 0;
        }
        var password = environment("NMFGRID_TLS_PASSWORD") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : passwordFile is null ? null
            : File.Exists(passwordFile) ? File.ReadAllText(passwordFile).TrimEnd('\r', '\n')
            : CreatePasswordFile(passwordFile);
        using var certificate = ClusterCertificate.CreateSelfSigned("nmfgrid-cluster", TimeSpan.FromDays(days));
        WritePrivate(path, certificate.Export(X509ContentType.Pfx, password));
        output.WriteLine($"Cluster certificate {path}: {certificate.Subject}, SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}, " +
                         $"valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}{(password is null ? "; no password (protect the file)" : "")}.");
        return 0;
    }

    /// <summary>32 random bytes, base64: the password written to a new password file.</summary>
    private static string CreatePasswordFile(string path)
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        WritePrivate(path, System.Text.Encoding.UTF8.GetBytes(password + "\n"));
        return password;
    }

    /// <summary>Created readable and writable by its owner only (0600 on Unix) before anything is written into it.</summary>
    private static void WritePrivate(string path, byte[] content)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
