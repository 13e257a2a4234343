using System;
using System.Collections.Generic;
using System.Linq;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// What a journal entry records: a step of a run (its opening and its end, a repair, a change of host) or a step of a
    /// row (listed, its call begun, an attempt sent, answered, the call ended, or skipped this run). A row's entries also
    /// carry the row's state after the step (<see cref="Rows.RowState"/>): the event says what the tool did, the state says
    /// where the row stands.
    /// </summary>
    internal enum JournalEvent
    {
        /// <summary>An entry of a version before this vocabulary (0.2.0), read through <see cref="LegacyEntries"/>.</summary>
        Legacy,

        /// <summary>The first entry of a journal: its key's fingerprint.</summary>
        JournalCreated,

        /// <summary>A run opens (a batch, its resume, or a single command): where it runs, who runs it, with which version.</summary>
        RunStart,

        /// <summary>A run ends: why it stopped, and its rows counted by state.</summary>
        RunEnd,

        /// <summary>A line cut short by a killed run was closed by a later one.</summary>
        Repaired,

        /// <summary>The calls began to go to another host (OAuth tokens naming a new customer host).</summary>
        HostChanged,

        /// <summary>A plan was written: its id and its content hash.</summary>
        Plan,

        /// <summary>The operator approved flags of a plan for an erase run: which, by whom, when.</summary>
        Approved,

        /// <summary>A row of the CSV, listed before any call (so every row is in the evidence).</summary>
        Row,

        /// <summary>A row's call begins (it may first wait for the rate limiter or a retry); nothing has left yet.</summary>
        Start,

        /// <summary>An attempt of the row's call is handed to the network: what the daily quota counts.</summary>
        Sent,

        /// <summary>An attempt got an answer (status, Gong's request id, the library's outcome and cause).</summary>
        Answered,

        /// <summary>The row's call ended.</summary>
        End,

        /// <summary>The row's call was not made in this run, and why (not yet due, declined, a dry run, …).</summary>
        Skipped,
    }

    /// <summary>The journal's names of <see cref="JournalEvent"/>s.</summary>
    internal static class JournalEvents
    {
        private static readonly (JournalEvent Event, string Name)[] Names =
        {
            (JournalEvent.JournalCreated, "journal-created"),
            (JournalEvent.RunStart, "run-start"),
            (JournalEvent.RunEnd, "run-end"),
            (JournalEvent.Repaired, "repaired"),
            (JournalEvent.HostChanged, "host-changed"),
            (JournalEvent.Plan, "plan"),
            (JournalEvent.Approved, "approved"),
            (JournalEvent.Row, "row"),
            (JournalEvent.Start, "start"),
            (JournalEvent.Sent, "sent"),
            (JournalEvent.Answered, "answered"),
            (JournalEvent.End, "end"),
            (JournalEvent.Skipped, "skipped"),
        };

        private static readonly Dictionary<string, JournalEvent> ByName = Names.ToDictionary(n => n.Name, n => n.Event, StringComparer.Ordinal);

        /// <summary>The event's name in the journal.</summary>
        public static string Name(this JournalEvent journalEvent) => Names.First(n => n.Event == journalEvent).Name;

        /// <summary>The event a journal name stands for; <see cref="JournalEvent.Legacy"/> for any other name.</summary>
        public static JournalEvent Parse(string? name) => ByName.TryGetValue(name ?? string.Empty, out var known) ? known : JournalEvent.Legacy;

        /// <summary>Whether the event is a row's (it carries a subject's key and the row's state).</summary>
        public static bool IsRowEvent(this JournalEvent journalEvent) => journalEvent >= JournalEvent.Row;
    }
}
