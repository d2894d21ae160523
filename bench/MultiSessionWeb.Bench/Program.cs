using System.Globalization;
using BenchmarkDotNet.Running;
using MultiSessionWeb.Bench;

// The C# half of bench/run: what is easier here than in bash or wrk's Lua. Each command prints
// plain lines that bench/run reads back; see docs/benchmarks.md for what they mean.
const string Usage = """
    usage:
      prepare URL ENV_FILE             sign up and sign in the benchmark's browsers; write their cookies for wrk
      cycle URL SECONDS CONNECTIONS    sign out of one account and back in, in a loop, from CONNECTIONS browsers
      seed-rows DB SESSIONS USERS      add rows straight into the SQLite file until it holds that many
      plan DB                          print SQLite's plan for the per-request session query
      revocation URL_A URL_B SAMPLES   sign out on A, poll B: the delay until B stops listing the session
      micro [BenchmarkDotNet args]     the micro-benchmarks (cookie, per-request session check)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var rest = args[1..];
switch (args[0])
{
    case "prepare" when rest.Length == 2:
        await Browsers.PrepareAsync(new Uri(rest[0]), rest[1]);
        return 0;
    case "cycle" when rest.Length == 3:
        await SignOutSignInCycle.RunAsync(
            new Uri(rest[0]),
            TimeSpan.FromSeconds(int.Parse(rest[1], CultureInfo.InvariantCulture)),
            int.Parse(rest[2], CultureInfo.InvariantCulture));
        return 0;
    case "seed-rows" when rest.Length == 3:
        RowSeeder.TopUp(
            rest[0],
            int.Parse(rest[1], CultureInfo.InvariantCulture),
            int.Parse(rest[2], CultureInfo.InvariantCulture));
        return 0;
    case "revocation" when rest.Length == 3:
        await Revocation.RunAsync(new Uri(rest[0]), new Uri(rest[1]), int.Parse(rest[2], CultureInfo.InvariantCulture));
        return 0;
    case "plan" when rest.Length == 1:
        QueryPlan.Print(rest[0]);
        return 0;
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(Browsers).Assembly).Run(rest, Micro.Config);
        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
