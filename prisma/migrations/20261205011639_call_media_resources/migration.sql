-- CreateEnum
CREATE TYPE "RecordingStatus" AS ENUM ('in_progress', 'paused', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "VoicemailStatus" AS ENUM ('new', 'read');

-- CreateTable
CREATE TABLE "AudioFile" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "originalContentType" TEXT NOT NULL,
    "originalSizeBytes" INTEGER NOT NULL,
    "originalStorageKey" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AudioFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallQueue" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "strategy" TEXT NOT NULL,
    "ringTimeoutSeconds" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CallQueue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recording" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "status" "RecordingStatus" NOT NULL,
    "source" TEXT NOT NULL,
    "layout" TEXT NOT NULL,
    "channels" INTEGER,
    "durationMs" INTEGER,
    "storageKey" TEXT,
    "sizeBytes" INTEGER,
    "failureReason" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoicemailBox" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "greeting" JSONB,
    "maxMessageSeconds" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoicemailBox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Voicemail" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "callId" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "status" "VoicemailStatus" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Voicemail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AudioFile_accountId_id_idx" ON "AudioFile"("accountId", "id");

-- CreateIndex
CREATE INDEX "CallQueue_accountId_id_idx" ON "CallQueue"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CallQueue_accountId_name_key" ON "CallQueue"("accountId", "name");

-- CreateIndex
CREATE INDEX "Recording_accountId_id_idx" ON "Recording"("accountId", "id");

-- CreateIndex
CREATE INDEX "Recording_accountId_callId_id_idx" ON "Recording"("accountId", "callId", "id");

-- CreateIndex
CREATE INDEX "VoicemailBox_accountId_id_idx" ON "VoicemailBox"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Voicemail_callId_key" ON "Voicemail"("callId");

-- CreateIndex
CREATE INDEX "Voicemail_accountId_id_idx" ON "Voicemail"("accountId", "id");

-- CreateIndex
CREATE INDEX "Voicemail_accountId_boxId_id_idx" ON "Voicemail"("accountId", "boxId", "id");

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "VoicemailBox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
