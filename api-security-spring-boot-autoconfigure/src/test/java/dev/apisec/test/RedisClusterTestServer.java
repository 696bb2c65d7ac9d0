package dev.apisec.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster for tests: masters without replicas, each a {@code redis-server}
 * process of the embedded-redis artifact on a free loopback port, formed the way
 * {@code redis-cli --cluster create} does it (slots split evenly with CLUSTER ADDSLOTS,
 * the nodes introduced with CLUSTER MEET), so that nothing needs to be installed. A
 * master can be stopped, as a crash would, and started again with its cluster
 * configuration: it rejoins with its slots, empty.
 */
public final class RedisClusterTestServer implements AutoCloseable {

	private static final Duration FORMING = Duration.ofSeconds(60);

	private final Path directory;

	private final List<RedisServer> masters;

	private final int[] ports;

	private RedisClusterTestServer(Path directory, List<RedisServer> masters, int[] ports) {
		this.directory = directory;
		this.masters = masters;
		this.ports = ports;
	}

	/**
	 * Start the masters and form the cluster; returns once every node reports
	 * {@code cluster_state:ok}.
	 * @param count how many masters
	 * @return the cluster
	 */
	public static RedisClusterTestServer start(int count) {
		try {
			Path directory = Files.createTempDirectory("apisec-redis-cluster");
			int[] ports = clusterPorts(count);
			List<RedisServer> masters = new ArrayList<>();
			for (int port : ports) {
				RedisServer master = RedisServer.newRedisServer()
					.bind("127.0.0.1")
					.port(port)
					.setting("cluster-enabled yes")
					.setting("cluster-config-file " + directory.resolve("nodes-" + port + ".conf"))
					// A killed master is marked failed after this, and the cluster with
					// it.
					.setting("cluster-node-timeout 1000")
					.setting("dir " + directory)
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				master.start();
				masters.add(master);
			}
			RedisClusterTestServer cluster = new RedisClusterTestServer(directory, masters, ports);
			cluster.form();
			return cluster;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a Redis Cluster from embedded-redis", ex);
		}
	}

	private void form() {
		int slotsPerMaster = SlotHash.SLOT_COUNT / this.ports.length;
		for (int i = 0; i < this.ports.length; i++) {
			int first = i * slotsPerMaster;
			int last = (i == this.ports.length - 1) ? SlotHash.SLOT_COUNT - 1 : first + slotsPerMaster - 1;
			int[] slots = new int[last - first + 1];
			for (int s = 0; s < slots.length; s++) {
				slots[s] = first + s;
			}
			int index = i;
			command(this.ports[i], (redis) -> {
				redis.sync().clusterAddSlots(slots);
				if (index > 0) {
					redis.sync().clusterMeet("127.0.0.1", this.ports[0]);
				}
				return null;
			});
		}
		awaitState("ok");
	}

	/**
	 * Wait until every running master reports the cluster state.
	 * @param state {@code ok} or {@code fail}
	 */
	public void awaitState(String state) {
		Await.until(() -> {
			for (int i = 0; i < this.ports.length; i++) {
				if (this.masters.get(i).isActive() && !clusterState(this.ports[i]).equals(state)) {
					return false;
				}
			}
			return true;
		}, FORMING, "every running node reports cluster_state:" + state);
	}

	private static String clusterState(int port) {
		try {
			String info = command(port, (redis) -> redis.sync().clusterInfo());
			return info.lines()
				.filter((line) -> line.startsWith("cluster_state:"))
				.map((line) -> line.substring("cluster_state:".length()).trim())
				.findFirst()
				.orElse("");
		}
		catch (RuntimeException ex) {
			return "unreachable";
		}
	}

	/**
	 * Return the index of the master that holds a key's slot.
	 * @param key the key
	 * @return the index of the master, as in {@link #stop(int)}
	 */
	public int masterOf(String key) {
		int slot = SlotHash.getSlot(key);
		return Math.min(slot / (SlotHash.SLOT_COUNT / this.ports.length), this.ports.length - 1);
	}

	/**
	 * Return whether a master holds a key, asked on that master directly.
	 * @param index the master
	 * @param key the key
	 * @return whether the key exists there
	 */
	public boolean holds(int index, String key) {
		return command(this.ports[index], (redis) -> redis.sync().exists(key)) == 1;
	}

	/**
	 * Return the nodes as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code host:port} of every master, comma-separated
	 */
	public String nodes() {
		return IntStream.of(this.ports).mapToObj((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * Stop a master's process, as a crash would; its keys are lost.
	 * @param index the master
	 */
	public void stop(int index) {
		try {
			this.masters.get(index).stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a stopped master again, on its port and with its cluster configuration.
	 * @param index the master
	 */
	public void restart(int index) {
		try {
			this.masters.get(index).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static <T> T command(int port, Function<StatefulRedisConnection<String, String>, T> action) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return action.apply(connection);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	// Redis 6.2 listens for the cluster bus on the port plus 10000: both must be free.
	private static int[] clusterPorts(int count) throws IOException {
		int[] ports = new int[count];
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int i = 0; i < count;) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				held.add(socket);
				int port = socket.getLocalPort();
				int bus = port + 10000;
				if (bus <= 65535 && isFree(bus)
						&& IntStream.of(ports).noneMatch((p) -> p == bus || p + 10000 == port)) {
					ports[i++] = port;
				}
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : held) {
				socket.close();
			}
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		for (RedisServer master : this.masters) {
			try {
				if (master.isActive()) {
					master.stop();
				}
			}
			catch (IOException ex) {
				// Stop the others anyway.
			}
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind.
		}
	}

}
