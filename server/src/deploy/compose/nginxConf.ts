// The balancer's nginx.conf, a pure function of the replicas' service names (SCALE_OUT.md 5.3). Written in
// the syntax every nginx from 1.22 (Debian bookworm) to the current one accepts: `listen ... http2` (the
// `http2 on;` directive exists only from 1.25.1, which still accepts the old form with a warning).
import { CONTAINER_PORTS } from '../spec';

/** The ports nginx listens on inside its container: Triton's own, so clients change only the host. */
export const BALANCER_PORTS = { http: CONTAINER_PORTS.http, grpc: CONTAINER_PORTS.grpc } as const;

/** Long enough for the longest generation; nginx's default (60 s) cuts long answers. */
const LONG_TIMEOUT = '3600s';

export interface NginxConfInput {
  /** The replicas' host names on the Compose network (their service names). */
  upstreams: readonly string[];
  /** Whether to serve gRPC (the profile's loadBalancer.grpcPort is set). */
  grpc: boolean;
}

export function nginxConf(input: NginxConfInput): string {
  const servers = (port: number) => input.upstreams.map((u) => `    server ${u}:${port};`).join('\n');
  const http = `  # Each request goes to the replica with the fewest active requests (LLM requests differ a lot in
  # length). No upstream keepalive: Triton waits, when it stops, for its open connections to close, and
  # an idle kept-alive one would hold every stop for the whole exit timeout; with a connection per
  # request, a stopping replica refuses new ones and nginx passes the request on to another.
  upstream triton_http {
    # Shared by nginx's worker processes: without it each worker counts only its own connections, and
    # least_conn would send a request to a replica that another worker keeps busy.
    zone triton_http 64k;
    least_conn;
${servers(CONTAINER_PORTS.http)}
  }

  server {
    listen ${BALANCER_PORTS.http};
    # Inference requests carry tensors: no body size limit (nginx's default is 1 MB).
    client_max_body_size 0;
    proxy_http_version 1.1;
    proxy_read_timeout ${LONG_TIMEOUT};
    proxy_send_timeout ${LONG_TIMEOUT};
    proxy_connect_timeout 5s;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;

    # Server-sent events: each event must reach the client as Triton sends it (Triton sets no
    # X-Accel-Buffering header, so nginx would otherwise buffer the stream).
    location ~ ^/v2/models/[^/]+(/versions/[^/]+)?/generate_stream$ {
      proxy_pass http://triton_http;
      proxy_buffering off;
      proxy_cache off;
    }

    # The balancer is ready when the replica it asks is: answered by the upstreams, never by nginx itself.
    location = /v2/health/ready {
      proxy_pass http://triton_http;
    }

    location / {
      proxy_pass http://triton_http;
    }
  }
`;
  const grpc = !input.grpc
    ? ''
    : `
  upstream triton_grpc {
    zone triton_grpc 64k;
    least_conn;
${servers(CONTAINER_PORTS.grpc)}
  }

  # gRPC is HTTP/2 cleartext, which nginx cannot serve on the HTTP/1 port: a server of its own.
  server {
    listen ${BALANCER_PORTS.grpc} http2;
    client_max_body_size 0;
    location / {
      grpc_pass grpc://triton_grpc;
      # Decoupled models stream over one long ModelStreamInfer call.
      grpc_read_timeout ${LONG_TIMEOUT};
      grpc_send_timeout ${LONG_TIMEOUT};
      grpc_connect_timeout 5s;
    }
  }
`;
  return `# The load balancer in front of the Triton replicas (triton-repo export compose).
# nginx resolves the replicas' names when it starts; Compose starts it once every replica is healthy.
worker_processes auto;
error_log stderr warn;

events {
  worker_connections 4096;
}

http {
  access_log /dev/stdout;
  default_type application/octet-stream;

${http}${grpc}}
`;
}
