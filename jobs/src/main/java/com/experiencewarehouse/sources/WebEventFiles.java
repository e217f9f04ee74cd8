package com.experiencewarehouse.sources;

import com.experiencewarehouse.config.Settings.WebSource;
import java.util.List;

/**
 * The files a night reads of one web source, and which export they are ({@link #DAILY}, {@link #FRESH}
 * or {@link #INTRADAY}). Its own class, so that the format readers (GA4, other tools) and
 * {@link WebEvents}, which picks one per source, do not import each other.
 */
public record WebEventFiles(WebSource source, List<String> read, String export) {

  /** {@link #export}: a GA4 daily export (or another tool's export). */
  public static final String DAILY = "daily";
  /** {@link #export}: a GA4 fresh daily export (events_fresh_YYYYMMDD), no daily file yet. */
  public static final String FRESH = "fresh";
  /** {@link #export}: a GA4 intraday export, neither a daily nor a fresh daily file yet. */
  public static final String INTRADAY = "intraday";

  /** A GA4 intraday export (no daily or fresh daily file yet). */
  public boolean intraday() {
    return export.equals(INTRADAY);
  }

  /** Not the final daily export (fresh daily or intraday): a rerun once the daily file is there replaces it. */
  public boolean provisional() {
    return !export.equals(DAILY);
  }
}
