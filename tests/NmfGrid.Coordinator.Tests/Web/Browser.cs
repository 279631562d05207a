using PuppeteerSharp;

namespace NmfGrid.Coordinator.Tests.Web;

/// <summary>
/// One headless chromium for a test class, started from the system's executable (nothing downloaded), and where its
/// screenshots go: NMFGRID_SCREENSHOTS, else web-screenshots/ in the test's output folder.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    // Generous: a loaded 2-core machine renders slowly. Waits end as soon as their condition holds.
    public const int Timeout = 60_000;

    private IBrowser? _browser;

    /// <summary>What the pages said on their console and the errors they threw, for a failure's message.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Runs a wait; when it times out, the failure says what the pages logged.</summary>
    public async Task Until(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (WaitTaskTimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\npages said:\n{string.Join("\n", Messages)}");
        }
    }

    public static string Screenshots { get; } =
        Environment.GetEnvironmentVariable("NMFGRID_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "web-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Executable))
        {
            return; // the facts skip
        }
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"],
        });
    }

    public async Task<IPage> Page()
    {
        var page = await _browser!.NewPageAsync();
        page.DefaultTimeout = Timeout;
        page.Console += (_, e) => Messages.Enqueue($"console {e.Message.Type}: {e.Message.Text}");
        page.PageError += (_, e) => Messages.Enqueue($"page error: {e.Message}");
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        return page;
    }

    public static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(Path.Combine(Screenshots, name + ".png"), new ScreenshotOptions { FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser.Dispose();
        }
    }
}
