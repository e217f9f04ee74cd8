package com.experiencewarehouse.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms in which an HMAC key could leak into text: the key itself, its bytes and its two padded
 * blocks (RFC 2104: K0 xor 0x36, K0 xor 0x5c, as an HMAC built from SQL functions would carry them)
 * as hex (either case), base64 and Java byte lists, and each block's first 8 bytes in hex (a display
 * that truncates a long literal still shows its start).
 */
public final class SecretForms {

  private SecretForms() {}

  /** Form name → text. */
  public static Map<String, String> of(String key) throws Exception {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] k0 = Arrays.copyOf(k.length > 64 ? MessageDigest.getInstance("SHA-256").digest(k) : k, 64);
    byte[] inner = new byte[64];
    byte[] outer = new byte[64];
    for (int i = 0; i < 64; i++) {
      inner[i] = (byte) (k0[i] ^ 0x36);
      outer[i] = (byte) (k0[i] ^ 0x5c);
    }
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("key", key);
    for (Map.Entry<String, byte[]> b : Map.of("key bytes", k, "inner pad", inner, "outer pad", outer).entrySet()) {
      String hex = HexFormat.of().formatHex(b.getValue());
      forms.put(b.getKey() + " hex", hex);
      forms.put(b.getKey() + " HEX", hex.toUpperCase(java.util.Locale.ROOT));
      forms.put(b.getKey() + " hex prefix", hex.substring(0, 16));
      forms.put(b.getKey() + " HEX prefix", hex.substring(0, 16).toUpperCase(java.util.Locale.ROOT));
      forms.put(b.getKey() + " base64", Base64.getEncoder().withoutPadding().encodeToString(b.getValue()));
      forms.put(b.getKey() + " base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(b.getValue()));
      forms.put(b.getKey() + " byte list", Arrays.toString(b.getValue()));
      forms.put(b.getKey() + " byte list (no spaces)", Arrays.toString(b.getValue()).replace(" ", ""));
    }
    return forms;
  }

  /** The names of the forms found in {@code text}, empty when none is. */
  public static List<String> foundIn(Map<String, String> forms, String text) {
    List<String> found = new ArrayList<>();
    forms.forEach((name, form) -> {
      if (text.contains(form)) {
        found.add(name);
      }
    });
    return found;
  }
}
