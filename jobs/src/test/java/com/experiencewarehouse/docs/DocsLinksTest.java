package com.experiencewarehouse.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and the reference pages in docs/ link to files and headings that exist. */
class DocsLinksTest {

  /** The project's root: the tests' working directory (see the surefire configuration). */
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  /** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as dashes. */
  static String anchor(String heading) {
    return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[`*]", "").replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
        .replace(' ', '-');
  }

  private static Set<String> anchors(Path page) throws IOException {
    boolean[] inCode = {false};
    return Files.readAllLines(page).stream()
        .filter(l -> {
          if (l.startsWith("```")) {
            inCode[0] = !inCode[0];
          }
          return !inCode[0] && l.matches("^#{1,6} .*");
        })
        .map(l -> anchor(l.replaceFirst("^#+ ", "")))
        .collect(Collectors.toSet());
  }

  @Test
  void everyRelativeLinkReachesAFileAndItsHeading() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    // The README's front door links every reference page.
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (Path page : pages.subList(1, pages.size())) {
      assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "README does not link " + page.getFileName());
    }
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;   // https:, sc:, mailto:
        }
        links++;
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String hash = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(to)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (hash != null && !anchors(to).contains(hash)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
    // 48 relative links on 2026-12-07: counted, so that a pattern that matches nothing cannot pass.
    assertTrue(links >= 30, "only " + links + " links found");
  }
}
