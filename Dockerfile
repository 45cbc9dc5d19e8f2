# Multi-stage build of the operator image: Maven builds the jar, a JRE runs it as a non-root user.
# (No Docker engine runs where this project is developed: the image is not built by its tests.
#  Without Docker, `mvn package jib:build -Djib.to.image=<registry>/ec2-fleet-operator:<tag>` builds it.)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
COPY crds crds
COPY helm helm
RUN mvn -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin operator
COPY --from=build /src/target/ec2-fleet-operator.jar /opt/ec2-fleet-operator/ec2-fleet-operator.jar
USER 65532:65532
EXPOSE 8080
# No JVM flags here: the chart passes its jvm.options as JAVA_TOOL_OPTIONS, which a flag on this command line
# would override.
ENTRYPOINT ["java", "-jar", "/opt/ec2-fleet-operator/ec2-fleet-operator.jar"]
