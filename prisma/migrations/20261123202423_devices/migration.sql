-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('desk_phone', 'softphone', 'app');

-- CreateEnum
CREATE TYPE "SipTransport" AS ENUM ('udp', 'tcp', 'tls', 'wss');

-- CreateTable
CREATE TABLE "AccountSipDomain" (
    "accountId" TEXT NOT NULL,
    "subdomain" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccountSipDomain_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "username" TEXT NOT NULL,
    "ha1Md5" TEXT NOT NULL,
    "ha1Sha256" TEXT NOT NULL,
    "transports" "SipTransport"[],
    "enabled" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccountSipDomain_subdomain_key" ON "AccountSipDomain"("subdomain");

-- CreateIndex
CREATE INDEX "Device_accountId_id_idx" ON "Device"("accountId", "id");

-- CreateIndex
CREATE INDEX "Device_accountId_userId_idx" ON "Device"("accountId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Device_accountId_username_key" ON "Device"("accountId", "username");
