-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'running', 'paused', 'completed', 'canceled');

-- CreateEnum
CREATE TYPE "CampaignSenderType" AS ENUM ('number', 'pool');

-- CreateEnum
CREATE TYPE "CampaignEnrollmentStatus" AS ENUM ('active', 'completed', 'replied', 'opted_out', 'skipped', 'canceled');

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "tags" TEXT[],
    "fields" JSONB NOT NULL,
    "timeZone" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL,
    "steps" JSONB NOT NULL,
    "senderType" "CampaignSenderType" NOT NULL,
    "senderNumbers" TEXT[],
    "audienceTags" TEXT[],
    "audienceContactIds" TEXT[],
    "sendWindowStart" TEXT,
    "sendWindowEnd" TEXT,
    "timeZone" TEXT NOT NULL,
    "stopOnReply" BOOLEAN NOT NULL,
    "enrollmentCursor" TEXT,
    "enrolledAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignEnrollment" (
    "campaignId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "senderNumber" TEXT NOT NULL,
    "status" "CampaignEnrollmentStatus" NOT NULL,
    "skipReason" TEXT,
    "exitStep" INTEGER,
    "exitedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CampaignEnrollment_pkey" PRIMARY KEY ("campaignId","contactId")
);

-- CreateTable
CREATE TABLE "CampaignMessage" (
    "messageId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "stepIndex" INTEGER NOT NULL,

    CONSTRAINT "CampaignMessage_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE INDEX "Contact_accountId_id_idx" ON "Contact"("accountId", "id");

-- CreateIndex
CREATE INDEX "Contact_tags_idx" ON "Contact" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_accountId_phoneNumber_key" ON "Contact"("accountId", "phoneNumber");

-- CreateIndex
CREATE INDEX "Campaign_accountId_id_idx" ON "Campaign"("accountId", "id");

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");

-- CreateIndex
CREATE INDEX "CampaignEnrollment_accountId_phoneNumber_status_idx" ON "CampaignEnrollment"("accountId", "phoneNumber", "status");

-- CreateIndex
CREATE INDEX "CampaignMessage_campaignId_contactId_idx" ON "CampaignMessage"("campaignId", "contactId");

-- CreateIndex
CREATE INDEX "CampaignMessage_campaignId_stepIndex_idx" ON "CampaignMessage"("campaignId", "stepIndex");
