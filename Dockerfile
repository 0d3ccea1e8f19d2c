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
RUN java -Djarmode=tools -jar /portal.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:25-jre
RUN useradd --system --user-group --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin portal
COPY --from=build /extracted/dependencies/ /app/
COPY --from=build /extracted/spring-boot-loader/ /app/
COPY --from=build /extracted/snapshot-dependencies/ /app/
COPY --from=build /extracted/application/ /app/
USER portal:portal
WORKDIR /tmp
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# The image's own ENTRYPOINT (CA certificate handling) stays in place and runs this command.
CMD ["java", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
