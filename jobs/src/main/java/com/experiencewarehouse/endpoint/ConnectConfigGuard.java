package com.experiencewarehouse.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.connect.proto.ConfigRequest;
import org.apache.spark.connect.proto.KeyValue;
import org.sparkproject.connect.grpc.ForwardingServerCallListener;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.grpc.Status;

/**
 * The read-only endpoint's guard on Spark Connect's config calls: a client's {@code
 * spark.conf.set(k, v)} (or unset) arrives as a ConfigRequest and changes the session's settings
 * without passing the SQL parser, so a guarded setting (Delta's retention check, spark.hadoop.*,
 * the guard's own read roots, {@link ReadOnlyGuard#isGuarded}) is refused here, as it arrives,
 * with the same one line as SQL's SET. Installed by {@link ReadOnlyGuard#settings} through
 * spark.connect.grpc.interceptor.classes (Spark creates it with its no-argument constructor).
 */
public final class ConnectConfigGuard implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(delegate) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        Optional<String> refusal = message instanceof ConfigRequest c ? refusal(c) : Optional.empty();
        if (refusal.isPresent()) {
          refused = true;
          call.close(Status.PERMISSION_DENIED.withDescription(refusal.get()), new Metadata());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        // The call is closed already: the handler must not answer a request it never got.
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }

  /** The one line a config request is refused with, if it sets or unsets a guarded setting. */
  static Optional<String> refusal(ConfigRequest request) {
    if (!request.hasOperation()) {
      return Optional.empty();
    }
    ConfigRequest.Operation op = request.getOperation();
    List<String> keys = new ArrayList<>();
    if (op.hasSet()) {
      for (KeyValue kv : op.getSet().getPairsList()) {
        keys.add(kv.getKey());
      }
    } else if (op.hasUnset()) {
      keys.addAll(op.getUnset().getKeysList());
    }
    return keys.stream().filter(ReadOnlyGuard::isGuarded).findFirst().map(ReadOnlyGuard::setRefused);
  }
}
