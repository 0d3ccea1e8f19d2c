# syntax=docker/dockerfile:1
# The portal as a container image: the Temurin 25 JDK builds the jar with the Maven wrapper, the Temurin 25 JRE runs it
# as a non-root user. Used by docker-compose.yml.
# Not built on the project's own machines (they have no Docker engine); written against the eclipse-temurin image
# documentation. Report anything that does not build as an issue.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# Tests are not run here: they need Chromium, Orthanc and PostgreSQL (`./mvnw -B verify` runs them, see README.md).
# The cache mount keeps downloaded dependencies between builds (BuildKit, the default builder in current Docker).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp package -DskipTests -Dspotless.check.skip=true \
    && cp target/xray-portal-*.jar /portal.jar
# The jar's layers (dependencies change rarely, the application often) become image layers of their own, so a code
# change rebuilds and ships only the small application layer.
# Plain class-path layout (no launcher): the JDK's AOT cache below only holds classes from the class path.
RUN java -Djarmode=tools -jar /portal.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
RUN useradd --system --user-group --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin portal
COPY --from=build /extracted/dependencies/ /app/
COPY --from=build /extracted/spring-boot-loader/ /app/
COPY --from=build /extracted/snapshot-dependencies/ /app/
COPY --from=build /extracted/application/ /app/
RUN mkdir /app/aot && chown portal:portal /app/aot
USER portal:portal
WORKDIR /tmp
# JDK 25 AOT cache (JEP 483/514): a training run that starts the application context once (on the embedded
# PostgreSQL, which the portal uses when no database is configured) and stops, recording the classes it loaded and
# linked. The portal then starts about twice as fast (scripts/startup-benchmark, docs/benchmarks.md "Start-up").
# The cache must be made by the same JVM with the same class path as the CMD below, hence here and not in the build
# stage. A JVM that cannot use it (another version, other flags) warns and starts without it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
RUN java -XX:AOTCacheOutput=/app/aot/portal.aot -Dspring.context.exit=onRefresh -jar /app/portal.jar
EXPOSE 8080
# The image's own ENTRYPOINT (CA certificate handling) stays in place and runs this command.
CMD ["java", "-XX:AOTCache=/app/aot/portal.aot", "-jar", "/app/portal.jar"]
