-- CreateEnum
CREATE TYPE "CallDirection" AS ENUM ('inbound', 'outbound', 'internal');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('initiated', 'ringing', 'answered', 'completed', 'busy', 'no_answer', 'failed', 'canceled');

-- CreateEnum
CREATE TYPE "CallLegRole" AS ENUM ('caller', 'callee');

-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "direction" "CallDirection" NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "numberId" TEXT,
    "phoneNumber" TEXT,
    "userId" TEXT,
    "deviceId" TEXT,
    "status" "CallStatus" NOT NULL,
    "timeline" JSONB NOT NULL,
    "sipStatus" INTEGER,
    "sipReason" TEXT,
    "blockedReason" TEXT,
    "hangupSource" TEXT,
    "sipInstanceId" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "ringingAt" TIMESTAMPTZ(3),
    "answeredAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallLeg" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "role" "CallLegRole" NOT NULL,
    "sipCallId" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "deviceId" TEXT,
    "status" "CallStatus" NOT NULL,
    "sipStatus" INTEGER,
    "sipReason" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CallLeg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallPolicy" (
    "accountId" TEXT NOT NULL,
    "allowedCountries" TEXT[],
    "blockedPrefixes" TEXT[],
    "maxConcurrentCalls" INTEGER NOT NULL,
    "maxCallDurationSeconds" INTEGER NOT NULL,
    "callsPerSecond" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CallPolicy_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "Call_accountId_id_idx" ON "Call"("accountId", "id");

-- CreateIndex
CREATE INDEX "Call_accountId_startedAt_idx" ON "Call"("accountId", "startedAt");

-- CreateIndex
CREATE INDEX "Call_accountId_userId_id_idx" ON "Call"("accountId", "userId", "id");

-- CreateIndex
CREATE INDEX "Call_accountId_numberId_id_idx" ON "Call"("accountId", "numberId", "id");

-- CreateIndex
CREATE INDEX "CallLeg_callId_startedAt_idx" ON "CallLeg"("callId", "startedAt");

-- AddForeignKey
ALTER TABLE "CallLeg" ADD CONSTRAINT "CallLeg_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma cannot express partial indexes): the live calls of a sip instance, for closing those of an
-- instance that vanished. Finished calls, the vast majority, stay out of it.
CREATE INDEX "Call_live_by_instance_idx" ON "Call"("sipInstanceId", "id")
  WHERE "status" IN ('initiated', 'ringing', 'answered');
