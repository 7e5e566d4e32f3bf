# The TLS front door as tests set it up (sourced by deploy/nginx/check.sh and run by the
# browser tests through front-door-up.sh): a certificate authority made now (openssl), a
# server certificate it signs, and nginx running deploy/nginx/meetingd.conf with a test's
# addresses, ports and paths, in a folder of its own.
nginx_conf="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/meetingd.conf"

# make_certificates WORK SUBJECT_ALT_NAMES: WORK/ca.pem (the authority), WORK/fullchain.pem and
# WORK/privkey.pem (the server's, for e.g. "DNS:localhost,IP:127.0.0.1").
make_certificates() {
  local work=$1 names=$2
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=meetingd test CA" \
    -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=meetingd test server" \
    -keyout "$work/privkey.pem" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$names" > "$work/ext.cnf"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
    -extfile "$work/ext.cnf" -out "$work/fullchain.pem" 2>/dev/null
}

# render_front_door WORK UPSTREAM LISTEN_ADDRESS HTTP_PORT TLS_PORT CERT_PATH: WORK/nginx.conf, the
# shipped configuration with meetingd at UPSTREAM (host:port) and nginx on LISTEN_ADDRESS.
render_front_door() {
  local work=$1 upstream=$2 address=$3 http_port=$4 tls_port=$5 cert=$6
  sed -e "s#server 127.0.0.1:8080#server $upstream#" \
      -e "s#listen 80;#listen $address:$http_port;#" -e "s#listen 443 ssl http2;#listen $address:$tls_port ssl http2;#" \
      -e '/listen \[::\]/d' \
      -e "s#/etc/meetingd/tls/fullchain.pem#$cert#" -e "s#/etc/meetingd/tls/privkey.pem#$work/privkey.pem#" \
      "$nginx_conf" > "$work/meetingd.conf"
  mkdir -p "$work/tmp"
  local user_line=""  # as root, workers drop to nobody (as Debian's nginx does to www-data)
  if [[ $EUID -eq 0 ]]; then chown nobody: "$work/tmp"; user_line="user nobody nogroup;"; fi
  cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 256; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/meetingd.conf;
}
CONF
}

# start_front_door WORK: nginx in the background (its pid in WORK/nginx.pid); fails with
# nginx's own message when the configuration is refused.
start_front_door() {
  local work=$1 out
  if ! out="$(nginx -t -p "$work" -c "$work/nginx.conf" 2>&1)"; then echo "nginx -t: $out" >&2; return 1; fi
  nginx -p "$work" -c "$work/nginx.conf"
}
